package io.fahren.redis.impl;

import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.spi.TenantRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Replaces the in-memory registry with the hash in Redis when {@code fahren-redis-cdi} is deployed
 * without {@code fahren-hibernate}; the PostgreSQL registry (priority 100) wins when both are.
 *
 * <p>Application scoped; the scope is added by {@link RedisExtension}.
 */
@Alternative
@Priority(50)
public class RedisRegistryBean implements TenantRegistry {

    @Inject
    RedisRuntime runtime;

    @Override
    public Optional<Tenant> find(TenantId tenantId) {
        return runtime.redis().registry().find(tenantId);
    }

    @Override
    public List<Tenant> list() {
        return runtime.redis().registry().list();
    }

    @Override
    public Tenant put(TenantId tenantId, TenantState state) {
        return runtime.redis().registry().put(tenantId, state);
    }

    @Override
    public void remove(TenantId tenantId) {
        runtime.redis().registry().remove(tenantId);
    }

    @Override
    public Lock lock(TenantId tenantId) {
        return runtime.redis().registry().lock(tenantId);
    }
}
