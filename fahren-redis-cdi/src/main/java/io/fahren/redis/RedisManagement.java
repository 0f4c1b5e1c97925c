package io.fahren.redis;

import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.impl.ActiveTenants;
import io.fahren.impl.TenantLifecycle;
import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import java.util.List;
import java.util.Optional;

/**
 * The management side of a {@link Redis} strategy in Java SE: creates and deletes tenants with the
 * same rules as {@link io.fahren.TenantManagement} (all-or-nothing create, crash recovery, a delete
 * that tries everything), recording them in the Redis registry.
 *
 * <pre>{@code
 * RedisManagement management = redis.forManagement();
 * management.createTenant("acme");
 * management.deleteTenant("acme");   // SCAN + UNLINK of tenant:acme:*, and (ACL) its user and secret
 * }</pre>
 */
public final class RedisManagement {

    private final TenantRegistry registry;
    private final TenantLifecycle lifecycle;

    RedisManagement(TenantRegistry registry, TenantResource resource, ActiveTenants active) {
        this.registry = registry;
        TenantResource forgetting = new TenantResource() {
            @Override
            public String name() {
                return resource.name();
            }

            @Override
            public void provision(TenantId tenantId) throws Exception {
                resource.provision(tenantId);
            }

            @Override
            public void deprovision(TenantId tenantId) throws Exception {
                active.forget(tenantId);
                try {
                    resource.deprovision(tenantId);
                } finally {
                    active.forget(tenantId);
                }
            }
        };
        this.lifecycle = new TenantLifecycle(registry, () -> List.of(forgetting), id -> List.of());
    }

    /**
     * @param tenantId the raw tenant id
     * @return the ACTIVE tenant
     * @throws io.fahren.InvalidTenantIdException when the id is malformed
     * @throws io.fahren.TenantAlreadyExistsException when it exists already
     * @throws io.fahren.TenantProvisioningException when provisioning failed; nothing is left behind
     */
    public Tenant createTenant(String tenantId) {
        return lifecycle.create(TenantId.of(tenantId));
    }

    /**
     * @param tenantId the raw tenant id
     * @throws io.fahren.UnknownTenantException when there is no such tenant
     * @throws io.fahren.TenantDeletionException when a step failed; calling again finishes it
     */
    public void deleteTenant(String tenantId) {
        lifecycle.delete(TenantId.of(tenantId));
    }

    /**
     * @param tenantId the raw tenant id
     * @return the tenant, in whatever state
     */
    public Optional<Tenant> find(String tenantId) {
        return registry.find(TenantId.of(tenantId));
    }

    /** @return every tenant */
    public List<Tenant> list() {
        return registry.list();
    }
}
