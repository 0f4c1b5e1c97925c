package io.fahren.redis.impl.client;

import io.fahren.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.CommandKeyArgumentPreProcessor;
import redis.clients.jedis.util.JedisClusterCRC16;
import redis.clients.jedis.util.PrefixedKeyArgumentPreProcessor;

/**
 * The one owner of the tenant key space: every key and channel of tenant {@code acme} lives under
 * {@link #prefix(TenantId) tenant:acme:} (in a cluster {@code tenant:{acme}:}), and everything Fahren builds from that fact (the ACL
 * patterns, the delete pattern, Jedis's key pre-processor, channel names) is built here. The
 * configured root (such as {@code tenant:}) ends with a colon and tenant ids are validated
 * ({@code [a-z0-9_-]}), so no tenant's prefix is a prefix of another's.
 *
 * <p>Thread-safe: the pre-processor of each tenant is built once and cached until
 * {@link #forget(TenantId)}.
 */
public final class TenantKeyspace {

    private final String root;
    private final boolean hashTagged;
    private final Map<TenantId, CommandKeyArgumentPreProcessor> preProcessors = new ConcurrentHashMap<>();

    /**
     * @param root what every tenant key starts with, before the tenant id, such as {@code tenant:};
     *        {@link io.fahren.redis.RedisOptions} checks it ends with {@code :}
     */
    public TenantKeyspace(String root) {
        this(root, false);
    }

    /**
     * @param root what every tenant key starts with, as above
     * @param hashTagged whether the tenant id is a Redis Cluster hash tag ({@code tenant:{acme}:}),
     *        so every key of a tenant lies in one hash slot; the tenant's own braces in a key come
     *        after the first pair and so never choose the slot
     */
    public TenantKeyspace(String root, boolean hashTagged) {
        this.root = Objects.requireNonNull(root, "root");
        this.hashTagged = hashTagged;
    }

    /** @return the space of every tenant, such as {@code tenant:}: the shared user's ACL space */
    public String root() {
        return root;
    }

    /**
     * @param tenantId the tenant
     * @return its key and channel prefix, such as {@code tenant:acme:}: a tenant user's ACL space
     */
    public String prefix(TenantId tenantId) {
        return hashTagged ? root + "{" + tenantId.value() + "}:" : root + tenantId.value() + ":";
    }

    /**
     * @param tenantId the tenant
     * @return the hash slot of every key of the tenant (a cluster key space), or of its prefix
     */
    public int slot(TenantId tenantId) {
        return JedisClusterCRC16.getSlot(prefix(tenantId));
    }

    /**
     * @param tenantId the tenant
     * @return the {@code SCAN MATCH} pattern of all its keys, such as {@code tenant:acme:*}
     */
    public String pattern(TenantId tenantId) {
        return prefix(tenantId) + "*";
    }

    /**
     * @param tenantId the tenant
     * @return Jedis's key pre-processor of the tenant, built once
     */
    public CommandKeyArgumentPreProcessor preProcessor(TenantId tenantId) {
        return preProcessors.computeIfAbsent(tenantId, id -> new PrefixedKeyArgumentPreProcessor(prefix(id)));
    }

    /**
     * @param tenantId the tenant
     * @param channel a channel name as the tenant sees it
     * @return the channel name on the server
     */
    public String channel(TenantId tenantId, String channel) {
        return prefix(tenantId) + channel;
    }

    /**
     * @param tenantId the tenant
     * @param channel a binary channel name as the tenant sees it
     * @return the channel name on the server
     */
    public byte[] channel(TenantId tenantId, byte[] channel) {
        byte[] prefix = prefix(tenantId).getBytes(StandardCharsets.UTF_8);
        byte[] full = Arrays.copyOf(prefix, prefix.length + channel.length);
        System.arraycopy(channel, 0, full, prefix.length, channel.length);
        return full;
    }

    /**
     * Drops the cached pre-processor of a deleted tenant.
     *
     * @param tenantId the tenant
     */
    public void forget(TenantId tenantId) {
        preProcessors.remove(tenantId);
    }

    @Override
    public String toString() {
        return "TenantKeyspace[" + root + (hashTagged ? "{<tenant>}:]" : "<tenant>:]");
    }
}
