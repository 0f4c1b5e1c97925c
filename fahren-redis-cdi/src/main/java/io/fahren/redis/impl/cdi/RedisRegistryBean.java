package io.fahren.redis.impl.cdi;

import io.fahren.internal.DelegatingRegistry;
import io.fahren.spi.TenantRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

/**
 * Replaces the in-memory registry with the hash in Redis when {@code fahren-redis-cdi} is deployed
 * without {@code fahren-postgres}; the PostgreSQL registry (priority 100) wins when both are.
 *
 * <p>Application scoped; the scope is added by {@link RedisExtension}.
 */
@Alternative
@Priority(50)
public class RedisRegistryBean extends DelegatingRegistry {

    @Inject
    RedisRuntime runtime;

    @Override
    protected TenantRegistry delegate() {
        return runtime.registry();
    }
}
