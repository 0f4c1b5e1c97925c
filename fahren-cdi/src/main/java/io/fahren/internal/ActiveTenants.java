package io.fahren.internal;

import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.UnknownTenantException;
import io.fahren.spi.TenantRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Answers "is this tenant ACTIVE?" on the hot path: the registry's answer is remembered for a few
 * seconds, and forgotten at once when this process deletes the tenant.
 */
public final class ActiveTenants {

    private static final long TTL_NANOS = 5_000_000_000L;

    private final TenantRegistry registry;
    private final ConcurrentMap<TenantId, Long> confirmedUntil = new ConcurrentHashMap<>();

    /**
     * @param registry the tenant registry
     */
    public ActiveTenants(TenantRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param tenantId a tenant
     * @throws UnknownTenantException when it is not ACTIVE
     */
    public void require(TenantId tenantId) {
        Long until = confirmedUntil.get(tenantId);
        long now = System.nanoTime();
        if (until != null && now - until < 0) {
            return;
        }
        Tenant tenant = registry.find(tenantId).orElse(null);
        if (tenant == null || !tenant.isActive()) {
            confirmedUntil.remove(tenantId);
            throw new UnknownTenantException(tenantId, "Tenant '" + tenantId + "' "
                    + (tenant == null ? "does not exist" : "is " + tenant.state())
                    + ". Create it with createTenant before using it.");
        }
        confirmedUntil.put(tenantId, now + TTL_NANOS);
    }

    /**
     * @param tenantId a tenant this process is deleting or has deleted
     */
    public void forget(TenantId tenantId) {
        confirmedUntil.remove(tenantId);
    }
}
