package io.fahren.redis.impl.cdi;

import io.fahren.SharedPoolStats;
import io.fahren.TenantPoolStats;
import io.fahren.internal.HealthProbe;
import io.fahren.internal.PoolStatsSource;
import io.fahren.redis.RedisTenants;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Redis's part of readiness: the server answers the management login (in a tenants-only service,
 * the registry reader), and the per-tenant ACL pools, if the tenants side has opened any, are
 * within their cap with no tenant failing to connect for too long. It opens no connection per
 * tenant.
 *
 * <p>Application scoped; the scope is added by {@link RedisExtension}.
 */
public class RedisProbe implements HealthProbe, PoolStatsSource {

    @Inject
    RedisRuntime runtime;

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Result check(Settings settings) {
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            runtime.registry().ping();
            data.put("server", "UP");
        } catch (RuntimeException e) {
            data.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return new Result(false, data);
        }
        return HealthProbe.serverAndPools(data, poolStats(), settings);
    }

    @Override
    public Optional<SharedPoolStats> sharedPoolStats() {
        RedisTenants tenants = runtime.peekTenants();
        return tenants == null ? Optional.empty() : tenants.sharedPoolStats();
    }

    @Override
    public Optional<TenantPoolStats> poolStats() {
        RedisTenants tenants = runtime.peekTenants();
        return tenants == null ? Optional.empty() : tenants.poolStats();
    }
}
