package io.fahren.internal;

import io.fahren.TenantId;
import io.fahren.spi.TenantRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The application's {@link ActiveTenants} cache over the registry bean, shared by tenant-aware
 * entry points and forgotten by {@code TenantManagement} when it deletes a tenant.
 *
 * <p>Application scoped; the scope is added by {@link FahrenExtension} (see {@code package-info}).
 */
public class ActiveTenantCheck {

    @Inject
    TenantRegistry registry;

    private ActiveTenants cache;

    @PostConstruct
    void init() {
        cache = new ActiveTenants(registry);
    }

    /**
     * @param tenantId a tenant
     * @throws io.fahren.UnknownTenantException when it is not ACTIVE
     */
    public void require(TenantId tenantId) {
        cache.require(tenantId);
    }

    /**
     * @param tenantId a tenant being deleted
     */
    public void forget(TenantId tenantId) {
        cache.forget(tenantId);
    }
}
