package io.fahren.redis.impl.client;

import io.fahren.TenantId;
import io.fahren.redis.RedisConnection;
import java.util.Arrays;
import java.util.function.Supplier;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandKeyArgumentPreProcessor;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * A tenant's client. Jedis's own key pre-processor ({@link TenantKeyspace#preProcessor}) puts
 * {@code tenant:<id>:} in front of every key; Pub/Sub channel names get the same prefix here
 * (Jedis does not treat channels as keys). Subscribers therefore see full channel names, such as
 * {@code tenant:acme:news}.
 *
 * <p>A client is either bound to one tenant, or follows {@code Tenants.current()} command by
 * command (the injectable one). Commands borrow a connection from the strategy for each call, so
 * the client stays valid when an idle tenant pool is closed and reopened. Closing the client, or
 * deleting its tenant, makes every later call fail.
 */
public final class TenantJedis extends UnifiedJedis {

    private final TenantProvider provider;

    private TenantJedis(TenantProvider provider, CommandKeyArgumentPreProcessor keys) {
        super(provider, RedisConnection.PROTOCOL); // the protocol is known: no connection is borrowed here
        this.provider = provider;
        setKeyArgumentPreProcessor(keys);
    }

    /**
     * @param tenantId the tenant
     * @param strategy where connections come from, and whose key space names the keys
     * @param onClose called once when the client closes
     * @return a client bound to the tenant
     */
    public static TenantJedis bound(TenantId tenantId, ClientStrategy strategy, Runnable onClose) {
        return new TenantJedis(new TenantProvider(() -> tenantId, tenantId.value(), strategy, onClose),
                strategy.keyspace().preProcessor(tenantId));
    }

    /**
     * @param current the current tenant, checked to be ACTIVE; throws when there is none
     * @param strategy where connections come from, and whose key space names the keys
     * @return a client that acts as whichever tenant is current when a command runs
     */
    public static TenantJedis following(Supplier<TenantId> current, ClientStrategy strategy) {
        TenantKeyspace keyspace = strategy.keyspace();
        return new TenantJedis(new TenantProvider(current, "the current tenant", strategy, () -> { }),
                key -> keyspace.preProcessor(current.get()).actualKey(key));
    }

    /** @return whether the client was closed, by the application or because the tenant was deleted */
    public boolean isClosed() {
        return provider.closed;
    }

    private String channel(String name) {
        return provider.strategy.keyspace().channel(provider.tenant.get(), name);
    }

    private byte[] channel(byte[] name) {
        return provider.strategy.keyspace().channel(provider.tenant.get(), name);
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
        return "Redis client of " + provider.describe() + (provider.closed ? " (closed)" : "");
    }

    /** Borrows the tenant's connections from the strategy; closing it never closes a shared pool. */
    private static final class TenantProvider implements ConnectionProvider {

        final Supplier<TenantId> tenant;
        private final String who;
        final ClientStrategy strategy;
        private final Runnable onClose;
        volatile boolean closed;

        TenantProvider(Supplier<TenantId> tenant, String who, ClientStrategy strategy, Runnable onClose) {
            this.tenant = tenant;
            this.who = who;
            this.strategy = strategy;
            this.onClose = onClose;
        }

        String describe() {
            return who.equals("the current tenant") ? who : "tenant '" + who + "'";
        }

        @Override
        public Connection getConnection() {
            return connection(false);
        }

        private Connection connection(boolean single) {
            if (closed) {
                throw new JedisConnectionException("The Redis client of " + describe() + " is closed (closed by the "
                        + "application, or the tenant was deleted); get a new one.");
            }
            return strategy.connection(tenant.get(), single);
        }

        @Override
        public Connection getConnection(CommandArguments args) {
            return connection(true);
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
