package io.fahren.internal;

import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.TenantSuspendedException;
import io.fahren.UnknownTenantException;
import io.fahren.spi.TenantRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Answers "is this tenant ACTIVE?" on the hot path: the registry's answer is remembered for a few
 * seconds, and forgotten at once when this process deletes the tenant.
 */
public final class ActiveTenants {

    /**
     * How long a tenant's ACTIVE record is trusted without asking the registry again: a suspension
     * made in another process is seen by this one's new checkouts at most this long after it.
     */
    public static final java.time.Duration TTL = java.time.Duration.ofSeconds(5);

    private static final long TTL_NANOS = TTL.toNanos();

    private final TenantRegistry registry;
    private final ConcurrentMap<TenantId, Confirmed> confirmed = new ConcurrentHashMap<>();

    /** The registry's record of an ACTIVE tenant, and until when it is trusted. */
    private record Confirmed(Tenant tenant, long until) {
    }

    /**
     * @param registry the tenant registry
     */
    public ActiveTenants(TenantRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param tenantId a tenant
     * @return its record in the registry, as last read (its {@code createdAt} tells a tenant
     *         created again under the same id from its predecessor)
     * @throws UnknownTenantException when it is not ACTIVE
     */
    public Tenant require(TenantId tenantId) {
        Confirmed known = confirmed.get(tenantId);
        long now = System.nanoTime();
        if (known != null && now - known.until() < 0) {
            return known.tenant();
        }
        Tenant tenant = registry.find(tenantId).orElse(null);
        if (tenant != null && tenant.state().isSuspension()) {
            confirmed.remove(tenantId);
            throw new TenantSuspendedException(tenantId, "Tenant '" + tenantId + "' is " + tenant.state()
                    + ": it is refused until it is resumed (TenantManagement.resumeTenant). Its data is kept.");
        }
        if (tenant == null || !tenant.isActive()) {
            confirmed.remove(tenantId);
            throw new UnknownTenantException(tenantId, "Tenant '" + tenantId + "' " + (tenant == null
                    ? "does not exist. Create it with createTenant before using it."
                    : tenant.state() == TenantState.MIGRATION_FAILED
                    ? "is MIGRATION_FAILED: a schema migration of it failed, and it is refused until one succeeds. "
                            + "Fix the cause, then migrate it again (TenantMigrations.migrate)."
                    : "is " + tenant.state() + ". Create it with createTenant before using it."));
        }
        confirmed.put(tenantId, new Confirmed(tenant, now + TTL_NANOS));
        return tenant;
    }

    /**
     * @param tenantId a tenant this process is deleting or has deleted
     */
    public void forget(TenantId tenantId) {
        confirmed.remove(tenantId);
    }
}
