package io.fahren.redis.impl.client;

import io.fahren.TenantId;
import io.fahren.redis.RedisConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandKeyArgumentPreProcessor;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.executors.CommandExecutor;
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

    /** How long a command of a cluster client keeps trying while its slot's primary fails over or the slot moves. */
    public static final Duration CLUSTER_RETRY_WINDOW = Duration.ofSeconds(10);

    private final TenantProvider provider;

    private TenantJedis(TenantProvider provider, CommandKeyArgumentPreProcessor keys) {
        super(provider, RedisConnection.PROTOCOL); // the protocol is known: no connection is borrowed here
        this.provider = provider;
        setKeyArgumentPreProcessor(keys);
    }

    /** A cluster client: its commands follow the tenant's slot (see {@link SlotFollowing}). */
    private TenantJedis(TenantProvider provider, CommandKeyArgumentPreProcessor keys, boolean cluster) {
        super(new SlotFollowing(provider), provider, new CommandObjects());
        provider.constructed = true; // Jedis asked the provider for a connection above, and got none
        this.provider = provider;
        setKeyArgumentPreProcessor(keys);
    }

    private static TenantJedis of(TenantProvider provider, CommandKeyArgumentPreProcessor keys) {
        return provider.strategy.cluster() ? new TenantJedis(provider, keys, true) : new TenantJedis(provider, keys);
    }

    /**
     * @param tenantId the tenant
     * @param strategy where connections come from, and whose key space names the keys
     * @param onClose called once when the client closes
     * @return a client bound to the tenant
     */
    public static TenantJedis bound(TenantId tenantId, ClientStrategy strategy, Runnable onClose) {
        return of(new TenantProvider(() -> tenantId, tenantId.value(), strategy, onClose),
                strategy.keyspace().preProcessor(tenantId));
    }

    /**
     * @param current the current tenant, checked to be ACTIVE; throws when there is none
     * @param strategy where connections come from, and whose key space names the keys
     * @return a client that acts as whichever tenant is current when a command runs
     */
    public static TenantJedis following(Supplier<TenantId> current, ClientStrategy strategy) {
        TenantKeyspace keyspace = strategy.keyspace();
        return of(new TenantProvider(current, "the current tenant", strategy, () -> { }),
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
        /** False while a cluster client is being built: Jedis then borrows a connection only to read its protocol. */
        volatile boolean constructed;

        TenantProvider(Supplier<TenantId> tenant, String who, ClientStrategy strategy, Runnable onClose) {
            this.tenant = tenant;
            this.who = who;
            this.strategy = strategy;
            this.onClose = onClose;
            this.constructed = !strategy.cluster();
        }

        String describe() {
            return who.equals("the current tenant") ? who : "tenant '" + who + "'";
        }

        @Override
        public Connection getConnection() {
            return constructed ? connection(tenant.get(), false) : null;
        }

        Connection connection(TenantId tenantId, boolean single) {
            if (closed) {
                throw new TenantGoneException("The Redis client of " + describe() + " is closed (closed by the "
                        + "application, or the tenant was deleted); get a new one.");
            }
            return strategy.connection(tenantId, single);
        }

        @Override
        public Connection getConnection(CommandArguments args) {
            return connection(tenant.get(), true);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                onClose.run();
            }
        }
    }

    /**
     * Runs the commands of a cluster client. Every key of the tenant lies in one slot, so each
     * command goes to the primary of that slot, whatever its keys (a keyless {@code PING} or
     * {@code WAIT} too). When the slot answers {@code MOVED} (a resharding finished, a replica was
     * promoted) or its primary stops answering, the strategy looks the slot up again and the
     * command is sent again, with growing pauses, for up to {@link #CLUSTER_RETRY_WINDOW}: a
     * failover costs a wait, not an error. A command whose connection broke after it was sent may
     * so run twice, as with Jedis's own cluster client. A deleted tenant or a closed client is
     * never retried.
     */
    private static final class SlotFollowing implements CommandExecutor {

        private final TenantProvider provider;

        SlotFollowing(TenantProvider provider) {
            this.provider = provider;
        }

        @Override
        public <T> T executeCommand(CommandObject<T> command) {
            long deadline = System.nanoTime() + CLUSTER_RETRY_WINDOW.toNanos();
            long pauseMillis = 10;
            while (true) {
                TenantId tenantId = provider.tenant.get();
                JedisException failure;
                try (Connection connection = provider.connection(tenantId, true)) {
                    return connection.executeCommand(command);
                } catch (TenantGoneException gone) {
                    throw gone;
                } catch (JedisMovedDataException moved) {
                    provider.strategy.rerouted(tenantId, moved.getTargetNode());
                    failure = moved;
                } catch (JedisConnectionException lost) {
                    provider.strategy.rerouted(tenantId, null);
                    failure = lost;
                } catch (JedisAskDataException | JedisClusterException migratingOrDown) {
                    failure = migratingOrDown; // the slot is being moved, or the cluster is down: wait
                }
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > deadline) {
                    throw failure;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
                pauseMillis = Math.min(pauseMillis * 2, 500);
            }
        }

        @Override
        public void close() {
            provider.close();
        }
    }
}
