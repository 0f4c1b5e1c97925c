package io.fahren.impl.propagation;

import io.fahren.TenantId;
import io.fahren.Tenants;

/**
 * The tenant captured when a task was submitted, or none: what both thread context providers
 * carry. Beginning it makes exactly that tenant current (or none, clearing the running thread's
 * tenant); ending it brings the thread's own tenant back. A snapshot may begin many times, on any
 * thread; each begin is ended on its own thread.
 */
final class TenantSnapshot {

    /** The snapshot of a task that runs with no tenant: captured with none, or cleared. */
    static final TenantSnapshot NONE = new TenantSnapshot(null);

    private final TenantId tenant;

    private TenantSnapshot(TenantId tenant) {
        this.tenant = tenant;
    }

    /** @return the current tenant of this thread, or {@link #NONE} */
    static TenantSnapshot current() {
        return Tenants.current().map(TenantSnapshot::new).orElse(NONE);
    }

    /** @return the scope to close when the task ends, on this thread */
    Tenants.Scope begin() {
        return Tenants.restore(tenant);
    }

    @Override
    public String toString() {
        return "tenant context " + (tenant == null ? "(none)" : tenant);
    }
}
