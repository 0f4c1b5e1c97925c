package io.fahren.redis.impl.acl;

import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.SharedPoolStats;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.impl.client.ConnectionFactory;
import io.fahren.redis.impl.client.RedisAdmin;
import io.fahren.secrets.ConnectionSecret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.commons.pool2.PooledObject;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * ACL isolation over one shared pool. Its connections are logged in as no one while they sit in
 * the pool: a borrowed connection logs in as the tenant's ACL user for the span of one use and
 * sends {@code RESET} at the end of it, which logs it out again.
 *
 * <ul>
 *   <li>A single command goes out as {@code AUTH user password}, ({@code SELECT db}), the
 *       command, {@code RESET}, in one round trip.</li>
 *   <li>Pipelines, transactions, subscriptions and blocking commands log in first (a round trip)
 *       and reset when the connection is closed.</li>
 * </ul>
 *
 * <p>It is only safe when a logged-out connection can do nothing, that is when Redis's
 * {@code default} user is off or has a password: then a failed {@code AUTH} leaves the command to
 * run as no one, and it fails with {@code NOAUTH}. {@link #checkDefaultUserLocked} refuses
 * anything else. A connection whose {@code RESET} failed, or that broke, is destroyed, never
 * pooled again.
 */
final class SharedAclConnections implements AutoCloseable {

    private final ConnectionPool pool;
    private final LongAdder refusedLogins = new LongAdder();
    private final int database;

    /**
     * @param server the server and database (the credentials are not used)
     * @param size the most connections
     */
    SharedAclConnections(RedisConnection server, int size) {
        this.database = server.database();
        this.pool = new ConnectionPool(new Factory(server), RedisAdmin.poolConfig(size, false));
    }

    /**
     * Refuses a server where a logged-out connection would act as an open {@code default} user.
     *
     * @param defaultUserFlags the flags of {@code ACL GETUSER default}
     * @param server for the message
     * @throws FahrenConfigurationException when the default user is on and needs no password
     */
    static void checkDefaultUserLocked(List<String> defaultUserFlags, RedisConnection server) {
        if (defaultUserFlags.contains("on") && defaultUserFlags.contains("nopass")) {
            throw new FahrenConfigurationException("Redis at " + server.url() + " lets any connection act as the "
                    + "'default' user without a password, so a shared connection that failed to log in as a tenant "
                    + "would still run commands. Lock the default user (ACL SETUSER default off, after creating a "
                    + "named admin user) or give it a password (requirepass), or set "
                    + "fahren.redis.acl.shared-connections=false.");
        }
    }

    /**
     * Refuses a server where a logged-out connection would act as an open {@code default} user,
     * found by trying: a command sent as no one must be refused with {@code NOAUTH}.
     *
     * @param anonymous the server, logged in as no one
     * @throws FahrenConfigurationException when the command runs
     */
    static void checkDefaultUserLocked(RedisAdmin anonymous) {
        boolean open;
        try {
            anonymous.call("PING as no one", Jedis::ping);
            open = true;
        } catch (FahrenException e) {
            if (!String.valueOf(e.getMessage()).contains("NOAUTH")) {
                throw e;
            }
            open = false;
        }
        if (open) {
            checkDefaultUserLocked(List.of("on", "nopass"), anonymous.connection());
        }
    }

    /**
     * @param login reads the tenant's ACL user and password, once a connection is in hand
     * @param single whether the connection serves one command ({@code getConnection(args)}) rather
     *        than a pipeline, transaction or subscription
     * @param onRefused called with the login the server refused (its password was rotated, say);
     *        returns the login to try once more, or null to give up
     * @return a connection acting as the user; closing it logs it out and gives it back
     */
    Connection borrow(Supplier<ConnectionSecret> login, boolean single,
            UnaryOperator<ConnectionSecret> onRefused) {
        TenantConnection c = (TenantConnection) pool.getResource();
        try {
            // the login is read once a connection is in hand, not before waiting for one: a
            // credential rotation may have moved on meanwhile
            c.lend(login.get(), database, single, refused -> {
                refusedLogins.increment();
                return onRefused.apply(refused);
            });
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** @return connections borrowed now */
    int active() {
        return pool.getNumActive();
    }

    /** @return connections open now */
    SharedPoolStats stats() {
        return SharedPoolStats.of(pool.getNumActive(), pool.getNumIdle(), pool.getMaxTotal(), pool.getNumWaiters(),
                refusedLogins.sum());
    }

    int open() {
        return pool.getNumActive() + pool.getNumIdle();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A connection that knows which user it acts as, and logs out before it goes back. */
    static final class TenantConnection extends Connection {

        private static final byte[] RESET_REPLY = "RESET".getBytes(StandardCharsets.US_ASCII);

        private String user;
        private String password;
        private ConnectionSecret login;
        private int database;
        private boolean loggedIn;
        private UnaryOperator<ConnectionSecret> onRefused;

        TenantConnection(DefaultJedisSocketFactory sockets, JedisClientConfig config) {
            super(sockets, config);
        }

        void lend(ConnectionSecret login, int database, boolean single, UnaryOperator<ConnectionSecret> onRefused) {
            use(login);
            this.database = database;
            this.onRefused = onRefused;
            if (!single) {
                logIn();
            }
        }

        private void use(ConnectionSecret credentials) {
            this.login = credentials;
            this.user = credentials.username();
            this.password = credentials.password();
        }

        private void logIn() {
            for (int attempt = 0; ; attempt++) {
                sendLogin();
                List<Object> replies = getMany(database == 0 ? 1 : 2);
                // a refused AUTH leaves the connection logged out; otherwise close() must reset it
                loggedIn = !(replies.get(0) instanceof JedisDataException);
                if (!loggedIn && attempt == 0 && retryLogin(replies.get(0))) {
                    continue;
                }
                for (Object reply : replies) {
                    failOn(reply);
                }
                return;
            }
        }

        /**
         * @param authReply the reply to AUTH
         * @return whether AUTH was refused and another login is worth one more try (a rotation
         *         moved on): it is then in place
         */
        private boolean retryLogin(Object authReply) {
            if (!isRefusal(authReply) || onRefused == null) {
                return false;
            }
            ConnectionSecret next = onRefused.apply(login);
            if (next == null) {
                return false;
            }
            use(next);
            return true;
        }

        private static boolean isRefusal(Object reply) {
            if (reply instanceof JedisDataException e) {
                String code = e.getMessage() == null ? "" : e.getMessage();
                return code.startsWith("WRONGPASS") || code.startsWith("NOAUTH");
            }
            return false;
        }

        private void sendLogin() {
            sendCommand(Protocol.Command.AUTH, user, password);
            if (database != 0) {
                sendCommand(Protocol.Command.SELECT, Integer.toString(database));
            }
        }

        private void failOn(Object reply) {
            if (reply instanceof JedisDataException e) {
                String code = e.getMessage() == null ? "" : e.getMessage();
                if (isRefusal(reply)) {
                    throw new JedisAccessControlException("The connection could not log in as ACL user '" + user
                            + "' (" + code + "). The tenant was deleted, or its password was changed outside Fahren.");
                }
                throw e;
            }
        }

        @Override
        public <T> T executeCommand(CommandObject<T> command) {
            if (user == null) {
                throw new IllegalStateException("A shared ACL connection was used without a tenant");
            }
            if (loggedIn) {
                return super.executeCommand(command);
            }
            if (command.getArguments().isBlocking()) {
                logIn(); // a blocking command holds the connection: logged in until closed
                return super.executeCommand(command);
            }
            int logins = database == 0 ? 1 : 2;
            List<Object> replies;
            Object reset;
            for (int attempt = 0; ; attempt++) {
                sendLogin();
                sendCommand(command.getArguments());
                sendCommand(Protocol.Command.RESET);
                replies = getMany(logins + 2);
                reset = replies.get(logins + 1);
                if (!(replies.get(0) instanceof JedisDataException refused)) {
                    break;
                }
                // AUTH refused: the connection stayed logged out, so the command and RESET met
                // NOAUTH and the command did not run: with another login it may be sent again
                if (!isNoAuth(reset) && !isReset(reset)) {
                    setBroken();
                    failOn(refused);
                }
                if (attempt > 0 || !retryLogin(refused)) {
                    failOn(refused);
                }
            }
            checkReset(reset);
            for (int i = 0; i < logins; i++) {
                failOn(replies.get(i));
            }
            Object reply = replies.get(logins);
            if (reply instanceof JedisDataException e) {
                throw e;
            }
            return command.getBuilder().build(reply);
        }

        private static boolean isReset(Object reply) {
            return reply instanceof byte[] bytes && Arrays.equals(bytes, RESET_REPLY);
        }

        private static boolean isNoAuth(Object reply) {
            return reply instanceof JedisDataException e && String.valueOf(e.getMessage()).startsWith("NOAUTH");
        }

        private void checkReset(Object reply) {
            if (!isReset(reply)) {
                setBroken(); // it may still act as the tenant: destroyed, never pooled
                throw new JedisConnectionException("RESET after a tenant command was refused; the connection was "
                        + "dropped");
            }
        }

        /** Logs out (when logged in), forgets the user, and gives the connection back. */
        @Override
        public void close() {
            if (loggedIn) {
                try {
                    if (!isBroken()) {
                        sendCommand(Protocol.Command.RESET);
                        checkReset(getMany(1).get(0));
                        loggedIn = false;
                    }
                } catch (RuntimeException e) {
                    // handled below: still logged in
                }
                if (loggedIn) {
                    setBroken(); // it may still act as the tenant: destroyed, never pooled
                }
            }
            loggedIn = false;
            user = null;
            password = null;
            onRefused = null;
            login = null;
            super.close();
        }

        @Override
        public String toString() {
            return "shared ACL connection" + (user == null ? "" : " as " + user);
        }
    }

    /** Makes logged-out connections, and checks idle ones with a PING that must answer NOAUTH or PONG. */
    private static final class Factory extends ConnectionFactory {

        private final RedisConnection server;
        private final JedisClientConfig config;

        Factory(RedisConnection server) {
            this.server = server;
            this.config = server.anonymousClientConfig();
        }

        @Override
        public Connection create() {
            TenantConnection c = new TenantConnection(new DefaultJedisSocketFactory(server.hostAndPort(), config),
                    config);
            c.connect();
            return c;
        }

        @Override
        public boolean validateObject(PooledObject<Connection> p) {
            Connection c = p.getObject();
            if (!c.isConnected() || c.isBroken()) {
                return false;
            }
            try {
                c.sendCommand(Protocol.Command.PING);
                Object reply = c.getMany(1).get(0);
                return reply instanceof JedisDataException e ? String.valueOf(e.getMessage()).startsWith("NOAUTH")
                        : reply != null;
            } catch (RuntimeException e) {
                return false;
            }
        }

    }
}
