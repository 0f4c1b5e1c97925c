package io.fahren.redis.impl.client;

import io.fahren.TenantId;
import io.fahren.redis.RedisEngine;
import java.util.function.Supplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/**
 * A strategy as its tenant clients see it: where the tenant's keys live and where its connections
 * come from. What differs between prefix and ACL isolation is here and in
 * {@link RedisEngine.Strategy}; the clients themselves ({@link TenantJedis}) are the same.
 */
public interface ClientStrategy extends RedisEngine.Strategy {

    /** @return where the tenants' keys and channels live */
    TenantKeyspace keyspace();

    /**
     * @param tenantId an ACTIVE tenant
     * @param single whether it serves one command, rather than a pipeline, transaction or
     *        subscription (shared ACL connections log in per command in the first case)
     * @return a connection acting for the tenant; closing it gives it back
     */
    Connection connection(TenantId tenantId, boolean single);

    /** @return whether the tenants live on a Redis Cluster: clients then follow their slot when it moves */
    default boolean cluster() {
        return false;
    }

    /**
     * In a cluster: the tenant's slot answered {@code MOVED}, or its primary stopped answering.
     * The next connection of the tenant goes where the slot is served now. Nothing by default.
     *
     * @param tenantId the tenant
     * @param movedTo the primary named by {@code MOVED}, or null when the node was lost
     */
    default void rerouted(TenantId tenantId, HostAndPort movedTo) {
    }

    @Override
    default UnifiedJedis client(TenantId tenantId, Runnable onClose) {
        return TenantJedis.bound(tenantId, this, onClose);
    }

    @Override
    default UnifiedJedis currentTenantClient(Supplier<TenantId> current) {
        return TenantJedis.following(current, this);
    }
}
