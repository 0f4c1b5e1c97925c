package io.fahren.redis.impl.cdi;

import io.fahren.internal.DelegatingResource;
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
public class RedisResourceBean extends DelegatingResource {

    @Inject
    RedisRuntime runtime;

    @Override
    public String name() {
        return "redis";
    }

    @Override
    protected TenantResource delegate() {
        return runtime.redis().resource();
    }
}
