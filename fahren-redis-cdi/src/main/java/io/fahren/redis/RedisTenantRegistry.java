package io.fahren.redis;

import io.fahren.FahrenException;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.redis.impl.RedisAdmin;
import io.fahren.spi.TenantRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.params.SetParams;

/**
 * The tenant registry in Redis, for applications that use Redis without PostgreSQL: one hash
 * ({@code fahren:tenants} by default, outside the tenant key space) of {@code state created updated}
 * per tenant, and a lock key per tenant taken with {@code SET NX PX}.
 *
 * <p>A lock expires after {@link #LOCK_LEASE} so a crashed process cannot block a tenant forever;
 * a lifecycle step that runs longer than that could overlap with another process's.
 */
public final class RedisTenantRegistry implements TenantRegistry {

    /** How long a lifecycle lock lasts when its holder dies. */
    public static final Duration LOCK_LEASE = Duration.ofMinutes(5);
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";

    private final RedisAdmin admin;
    private final String key;

    /**
     * @param admin the management login
     * @param key the registry hash
     */
    RedisTenantRegistry(RedisAdmin admin, String key) {
        this.admin = admin;
        this.key = key;
    }

    @Override
    public Optional<Tenant> find(TenantId tenantId) {
        String value = admin.call("reading the tenant registry", jedis -> jedis.hget(key, tenantId.value()));
        return Optional.ofNullable(value).map(v -> parse(tenantId, v));
    }

    @Override
    public List<Tenant> list() {
        Map<String, String> all = admin.call("reading the tenant registry", jedis -> jedis.hgetAll(key));
        List<Tenant> tenants = new ArrayList<>();
        all.forEach((id, value) -> tenants.add(parse(TenantId.of(id), value)));
        tenants.sort(Comparator.comparing(t -> t.id().value()));
        return tenants;
    }

    @Override
    public Tenant put(TenantId tenantId, TenantState state) {
        Instant now = Instant.now();
        Instant created = find(tenantId).map(Tenant::createdAt).orElse(now);
        Tenant tenant = new Tenant(tenantId, state, created, now);
        admin.call("writing the tenant registry", jedis -> jedis.hset(key, tenantId.value(),
                state.name() + " " + created.toEpochMilli() + " " + now.toEpochMilli()));
        return tenant;
    }

    @Override
    public void remove(TenantId tenantId) {
        admin.call("writing the tenant registry", jedis -> jedis.hdel(key, tenantId.value()));
    }

    @Override
    public Lock lock(TenantId tenantId) {
        String lockKey = key + ":lock:" + tenantId.value();
        String token = UUID.randomUUID().toString();
        SetParams params = SetParams.setParams().nx().px(LOCK_LEASE.toMillis());
        while (!"OK".equals(admin.call("locking tenant " + tenantId, jedis -> jedis.set(lockKey, token, params)))) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FahrenException("Interrupted while waiting for the lifecycle lock of tenant '" + tenantId + "'", e);
            }
        }
        return () -> admin.call("unlocking tenant " + tenantId, jedis -> jedis.eval(RELEASE, List.of(lockKey), List.of(token)));
    }

    private static Tenant parse(TenantId tenantId, String value) {
        String[] parts = value.split(" ");
        return new Tenant(tenantId, TenantState.valueOf(parts[0]), Instant.ofEpochMilli(Long.parseLong(parts[1])),
                Instant.ofEpochMilli(Long.parseLong(parts[2])));
    }
}
