package io.fahren.redis;

import io.fahren.SharedPoolStats;
import io.fahren.TenantId;
import io.fahren.TenantPoolStats;
import io.fahren.Tenants;
import io.fahren.redis.RedisEngine.Strategy;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The tenants side: a {@link UnifiedJedis} per tenant whose keys live under {@code tenant:<id>:}.
 * Thread-safe; a client may be shared by the threads of one tenant, like a {@code JedisPooled}.
 *
 * <pre>{@code
 * try (UnifiedJedis redis = tenants.clientFor("acme")) {
 *     redis.incr("visits");          // stored as tenant:acme:visits
 * }
 * }</pre>
 */
public final class RedisTenants implements AutoCloseable {

    private final Strategy strategy;
    private final Consumer<TenantId> requireActive;
    private final AutoCloseable owned;
    private final Map<TenantId, Set<UnifiedJedis>> open = new ConcurrentHashMap<>();

    RedisTenants(Strategy strategy, Consumer<TenantId> requireActive) {
        this(strategy, requireActive, () -> { });
    }

    RedisTenants(Strategy strategy, Consumer<TenantId> requireActive, AutoCloseable owned) {
        this.strategy = strategy;
        this.requireActive = requireActive;
        this.owned = owned;
    }

    /**
     * @param tenantId the raw tenant id
     * @return a new client of the tenant; close it when done (it does not close shared pools)
     * @throws io.fahren.InvalidTenantIdException when the id is malformed
     * @throws io.fahren.UnknownTenantException when the tenant is not ACTIVE
     * @throws io.fahren.secrets.SecretNotFoundException (ACL isolation) when its credentials are
     *         missing; the message names the tenant and the secret path
     */
    public UnifiedJedis clientFor(String tenantId) {
        return clientFor(TenantId.of(tenantId));
    }

    /**
     * @param tenantId the tenant
     * @return a new client of the tenant
     * @see #clientFor(String)
     */
    public UnifiedJedis clientFor(TenantId tenantId) {
        requireActive.accept(tenantId);
        strategy.prepare(tenantId);
        Set<UnifiedJedis> clients = open.computeIfAbsent(tenantId, id -> ConcurrentHashMap.newKeySet());
        UnifiedJedis[] holder = new UnifiedJedis[1];
        holder[0] = strategy.client(tenantId, () -> clients.remove(holder[0]));
        clients.add(holder[0]);
        return holder[0];
    }

    /**
     * A client that acts as whichever tenant is current when each command runs, so one instance can
     * be shared by every thread and tenant (it is what {@code @Inject UnifiedJedis} gives). With no
     * current tenant, a command fails with {@link io.fahren.NoTenantException}; with a tenant that
     * is not ACTIVE, with {@link io.fahren.UnknownTenantException}.
     *
     * @return the client; closing it closes nothing shared
     */
    public UnifiedJedis currentTenantClient() {
        return strategy.currentTenantClient(() -> {
            TenantId current = Tenants.require();
            requireActive.accept(current);
            return current;
        });
    }

    /**
     * Closes every open client of a deleted tenant and its pool.
     *
     * @param tenantId the tenant
     */
    void closeClients(TenantId tenantId) {
        Set<UnifiedJedis> clients = open.remove(tenantId);
        if (clients != null) {
            clients.forEach(UnifiedJedis::close);
        }
        strategy.evict(tenantId);
    }

    /**
     * The state of the per-tenant pools (ACL users without shared connections), for health checks
     * and metrics: how many are open against {@code max-tenants}, connections in use and idle,
     * evictions, and the tenants whose every attempt to connect fails.
     *
     * <pre>{@code
     * redisTenants.poolStats().ifPresent(stats -> log(stats.openPools()));
     * }</pre>
     *
     * @return the snapshot; empty when the strategy has no per-tenant pools
     */
    public Optional<TenantPoolStats> poolStats() {
        return strategy.poolStats();
    }

    /**
     * The state of the pool every tenant shares (key prefixes, ACL users over shared connections),
     * for health checks and metrics.
     *
     * <pre>{@code
     * redisTenants.sharedPoolStats().ifPresent(s -> log(s.waiting() + " waiting"));
     * }</pre>
     *
     * @return the snapshot; empty when the strategy has no shared pool
     */
    public Optional<SharedPoolStats> sharedPoolStats() {
        return strategy.sharedPoolStats();
    }

    /**
     * Closes every client; the strategy's pools close with {@link Redis#close()}, or here for a
     * {@linkplain Redis#tenantsOnly tenants-only} side.
     */
    @Override
    public void close() {
        open.keySet().forEach(this::closeClients);
        try {
            owned.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new io.fahren.FahrenException("Closing the Redis tenants side failed: " + e.getMessage(), e);
        }
    }
}
