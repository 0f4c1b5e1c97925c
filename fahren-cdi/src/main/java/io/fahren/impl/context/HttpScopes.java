package io.fahren.impl.context;

import io.fahren.TenantId;
import io.fahren.Tenants;

/**
 * The tenant scope the HTTP filter opened on this thread. The response filter closes it, and so
 * does the end of the request context, for the requests whose response filter never ran. No
 * JAX-RS types here, so the cleanup works without JAX-RS on the class path.
 */
public final class HttpScopes {

    private static final ThreadLocal<Tenants.Scope> OPEN = new ThreadLocal<>();

    private HttpScopes() {
    }

    /**
     * Makes the tenant current for this request, first closing a scope a failed request left.
     *
     * @param tenantId the request's tenant
     */
    public static void open(TenantId tenantId) {
        close();
        OPEN.set(Tenants.open(tenantId));
    }

    /** Ends the request's tenant, if the filter set one on this thread. */
    public static void close() {
        Tenants.Scope scope = OPEN.get();
        if (scope != null) {
            OPEN.remove();
            scope.close();
        }
    }
}
