package io.fahren.redis.impl;

import io.fahren.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.util.PrefixedKeyArgumentPreProcessor;

/**
 * One tenant's client. Jedis's own key pre-processor puts {@code tenant:<id>:} in front of every
 * key; Pub/Sub channel names get the same prefix here (Jedis does not treat channels as keys).
 * Subscribers therefore see full channel names, such as {@code tenant:acme:news}.
 *
 * <p>Commands borrow a connection from the strategy for each call, so the client stays valid when
 * an idle tenant pool is closed and reopened. Closing the client, or deleting the tenant, makes
 * every later call fail.
 */
public final class TenantJedis extends UnifiedJedis {

    private final TenantProvider provider;

    private TenantJedis(TenantProvider provider) {
        super(provider);
        this.provider = provider;
        setKeyArgumentPreProcessor(new PrefixedKeyArgumentPreProcessor(provider.prefix));
    }

    /**
     * @param tenantId the tenant
     * @param prefix its key prefix, such as {@code tenant:acme:}
     * @param strategy where connections come from
     * @param onClose called once when the client closes
     * @return the client
     */
    public static TenantJedis create(TenantId tenantId, String prefix, Strategy strategy, Runnable onClose) {
        return new TenantJedis(new TenantProvider(tenantId, prefix, strategy, onClose));
    }

    /** @return the tenant */
    public TenantId tenantId() {
        return provider.tenantId;
    }

    /** @return whether the client was closed, by the application or because the tenant was deleted */
    public boolean isClosed() {
        return provider.closed;
    }

    private String channel(String name) {
        return provider.prefix + name;
    }

    private byte[] channel(byte[] name) {
        byte[] prefix = provider.prefix.getBytes(StandardCharsets.UTF_8);
        byte[] full = Arrays.copyOf(prefix, prefix.length + name.length);
        System.arraycopy(name, 0, full, prefix.length, name.length);
        return full;
    }

    @Override
    public long publish(String channel, String message) {
        return super.publish(channel(channel), message);
    }

    @Override
    public long publish(byte[] channel, byte[] message) {
        return super.publish(channel(channel), message);
    }

    @Override
    public void subscribe(JedisPubSub pubSub, String... channels) {
        super.subscribe(pubSub, Arrays.stream(channels).map(this::channel).toArray(String[]::new));
    }

    @Override
    public void psubscribe(JedisPubSub pubSub, String... patterns) {
        super.psubscribe(pubSub, Arrays.stream(patterns).map(this::channel).toArray(String[]::new));
    }

    @Override
    public void subscribe(BinaryJedisPubSub pubSub, byte[]... channels) {
        super.subscribe(pubSub, Arrays.stream(channels).map(this::channel).toArray(byte[][]::new));
    }

    @Override
    public void psubscribe(BinaryJedisPubSub pubSub, byte[]... patterns) {
        super.psubscribe(pubSub, Arrays.stream(patterns).map(this::channel).toArray(byte[][]::new));
    }

    @Override
    public String toString() {
        return "Redis client of tenant '" + provider.tenantId + "'" + (provider.closed ? " (closed)" : "");
    }

    /** Borrows the tenant's connections from the strategy; closing it never closes a shared pool. */
    private static final class TenantProvider implements ConnectionProvider {

        final TenantId tenantId;
        final String prefix;
        private final Strategy strategy;
        private final Runnable onClose;
        volatile boolean closed;

        TenantProvider(TenantId tenantId, String prefix, Strategy strategy, Runnable onClose) {
            this.tenantId = tenantId;
            this.prefix = prefix;
            this.strategy = strategy;
            this.onClose = onClose;
        }

        @Override
        public Connection getConnection() {
            if (closed) {
                throw new JedisConnectionException("The Redis client of tenant '" + tenantId + "' is closed (closed by "
                        + "the application, or the tenant was deleted); get a new one.");
            }
            return strategy.connection(tenantId);
        }

        @Override
        public Connection getConnection(CommandArguments args) {
            return getConnection();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                onClose.run();
            }
        }
    }
}
