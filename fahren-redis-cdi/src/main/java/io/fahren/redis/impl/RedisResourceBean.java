package io.fahren.redis.impl;

import io.fahren.TenantId;
import io.fahren.spi.TenantResource;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;

/**
 * The configured Redis strategy as a {@link TenantResource} of {@code TenantManagement}. It comes
 * after PostgreSQL (priority 200).
 *
 * <p>Application scoped; the scope is added by {@link RedisExtension}.
 */
@Priority(200)
public class RedisResourceBean implements TenantResource {

    @Inject
    RedisRuntime runtime;

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public void provision(TenantId tenantId) throws Exception {
        runtime.redis().resource().provision(tenantId);
    }

    @Override
    public void deprovision(TenantId tenantId) throws Exception {
        runtime.redis().resource().deprovision(tenantId);
    }
}
