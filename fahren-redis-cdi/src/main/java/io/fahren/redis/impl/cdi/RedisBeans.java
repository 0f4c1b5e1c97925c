package io.fahren.redis.impl.cdi;

import io.fahren.redis.Redis;
import io.fahren.redis.RedisTenants;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import redis.clients.jedis.UnifiedJedis;

/**
 * Produces the configured strategy and the current tenant's client. The {@link RedisRuntime} owns
 * the strategy; these producers only hand things out.
 *
 * <p>Application scoped; the scope is added by {@link RedisExtension}.
 */
public class RedisBeans {

    @Inject
    RedisRuntime runtime;

    @Produces
    @Dependent
    Redis redis() {
        return runtime.redis();
    }

    @Produces
    @Dependent
    RedisTenants tenants() {
        return runtime.tenants();
    }

    /**
     * The current tenant's client. {@code UnifiedJedis} has a final method, so CDI cannot proxy it
     * in a normal scope such as {@code @TenantScoped}; instead the client itself follows
     * {@code Tenants.current()} on every command, which makes it safe to inject anywhere and to
     * share between threads and tenants.
     *
     * @return a client of whichever tenant is current when a command runs
     */
    @Produces
    @Dependent
    UnifiedJedis client() {
        return runtime.tenants().currentTenantClient();
    }

    void close(@Disposes UnifiedJedis client) {
        client.close();
    }
}
