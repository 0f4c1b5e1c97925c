package io.fahren.redis.impl.prefix;

import io.fahren.SharedPoolStats;
import io.fahren.TenantId;
import io.fahren.internal.Exclusive;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.impl.client.ConnectionFactory;
import io.fahren.redis.impl.client.RedisAdmin;
import io.fahren.redis.impl.client.TenantGoneException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.PooledObject;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The shared pool of prefix isolation, whose connections know which tenant they are lent to. Every
 * tenant logs in as the same ACL user, so the server cannot cut off one tenant as {@code ACL
 * DELUSER} does for ACL isolation; {@link #cut} does it in this process instead: it fences the
 * tenant (no connection is lent to it any more) and closes the socket of each connection lent to
 * it now, so an open {@code MULTI}, a pipeline or a command in flight fails instead of writing
 * after its keys were deleted. The server discards the transaction of a closed connection.
 */
final class PrefixConnections implements AutoCloseable {

    /** How long a deleted tenant stays fenced unless it is created again: longer than any stalled call. */
    private static final long FENCE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final ConnectionPool pool;
    private final Set<Lendable> all = ConcurrentHashMap.newKeySet();
    /** Fenced tenants and since when; shared by the pools of every node of a cluster. */
    private final Map<TenantId, Long> fenced;

    /**
     * @param login the shared tenants user
     * @param size the most connections
     */
    PrefixConnections(RedisConnection login, int size) {
        this(login, size, new ConcurrentHashMap<>());
    }

    /**
     * @param login the shared tenants user, at one node
     * @param size the most connections
     * @param fenced the fence this pool shares with the other nodes' pools: a pool opened after a
     *        tenant was deleted (its slot moved to a new primary) refuses it too
     */
    PrefixConnections(RedisConnection login, int size, Map<TenantId, Long> fenced) {
        this.pool = new ConnectionPool(new Factory(login, all), RedisAdmin.poolConfig(size, false));
        this.fenced = fenced;
    }

    /**
     * @param tenantId the tenant the connection acts for
     * @return a pooled connection; closing it gives it back
     * @throws JedisConnectionException when the tenant was deleted
     */
    Connection lend(TenantId tenantId) {
        Lendable c = (Lendable) pool.getResource();
        c.lendTo(tenantId);
        // lendTo before reading the fence, and cut() fences before reading lendTo: one sees the other
        if (!fenced.isEmpty() && fenced.containsKey(tenantId)) {
            c.close();
            throw deleted(tenantId);
        }
        return c;
    }

    /**
     * Fences the tenant and cuts its connections: call before deleting its keys.
     *
     * @param tenantId the tenant being deleted
     * @return how many connections were lent to it and are now closed
     */
    int cut(TenantId tenantId) {
        long now = System.nanoTime();
        fenced.values().removeIf(since -> now - since > FENCE_NANOS);
        fenced.put(tenantId, now);
        int cut = 0;
        for (Lendable c : all) {
            if (c.cutIfLentTo(tenantId)) {
                cut++;
            }
        }
        return cut;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static JedisConnectionException deleted(TenantId tenantId) {
        return new TenantGoneException("Tenant '" + tenantId + "' was deleted; its Redis connections are closed.");
    }

    /**
     * A connection that remembers the tenant it is lent to. A connection on which the tenant sent
     * a command that changes who it is logged in as or which database it uses ({@code RESET},
     * {@code AUTH}, {@code HELLO}, {@code SELECT}) is destroyed when it comes back instead of being
     * lent to the next tenant. The ACL denies {@code SELECT} and {@code RESET} to the shared user
     * already, but Redis 7 lets every user run {@code RESET}.
     */
    /** @return the shared pool's counters */
    SharedPoolStats stats() {
        // a prefix connection is never bound: its tenant is in the keys
        return SharedPoolStats.of(pool.getNumActive(), pool.getNumIdle(), pool.getMaxTotal(), pool.getNumWaiters(), 0);
    }

    private static final class Lendable extends Connection {

        private static final Set<String> SESSION_CHANGING = Set.of("RESET", "AUTH", "HELLO", "SELECT");

        private final Exclusive lending = new Exclusive();
        private TenantId lentTo;
        private volatile boolean sessionChanged;

        Lendable(RedisConnection login, JedisClientConfig config) {
            super(new DefaultJedisSocketFactory(login.hostAndPort(), config), config);
        }

        void lendTo(TenantId tenantId) {
            lending.run(() -> lentTo = tenantId);
        }

        boolean cutIfLentTo(TenantId tenantId) {
            return lending.call(() -> cutIfStillLentTo(tenantId));
        }

        private boolean cutIfStillLentTo(TenantId tenantId) {
            if (!tenantId.equals(lentTo)) {
                return false;
            }
            try {
                // marks it broken (so the pool destroys it) and closes the socket, which is what
                // aborts a read or write blocked in another thread
                forceDisconnect();
            } catch (IOException e) {
                // closed already
            }
            return true;
        }

        @Override
        public void sendCommand(CommandArguments args) {
            if (lentTo != null && SESSION_CHANGING.contains(
                    new String(args.getCommand().getRaw(), StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT))) {
                sessionChanged = true;
            }
            super.sendCommand(args);
        }

        @Override
        public void close() {
            lending.run(() -> lentTo = null);
            if (sessionChanged) {
                setBroken(); // the pool destroys it rather than lend it to another tenant
            }
            super.close();
        }

        @Override
        public String toString() {
            return "shared prefix connection";
        }
    }

    private static final class Factory extends ConnectionFactory {

        private final RedisConnection login;
        private final JedisClientConfig config;
        private final Set<Lendable> all;

        Factory(RedisConnection login, Set<Lendable> all) {
            this.login = login;
            this.config = login.clientConfig();
            this.all = all;
        }

        @Override
        public Connection create() {
            Lendable c = new Lendable(login, config);
            c.connect();
            all.add(c);
            return c;
        }

        @Override
        public boolean validateObject(PooledObject<Connection> p) {
            return p.getObject().ping();
        }

        @Override
        public void destroyObject(PooledObject<Connection> p) {
            all.remove(p.getObject());
            super.destroyObject(p);
        }
    }
}
