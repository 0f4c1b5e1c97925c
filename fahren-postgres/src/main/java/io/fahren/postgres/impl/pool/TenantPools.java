package io.fahren.postgres.impl.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.fahren.TenantId;
import io.fahren.TenantPoolStats;
import io.fahren.internal.FahrenScheduler;
import io.fahren.internal.TenantPoolCache;
import io.fahren.postgres.TenantPoolOptions;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.TenantSecrets;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The per-tenant HikariCP pools of database isolation: at most {@code maxTenants} open, least
 * recently used closed first, idle ones closed after {@code idleTimeout}, and at most
 * {@code maxConnections} server connections across all of them. A pool in use is never closed
 * under its users: while every open pool is busy, one more may stay open until one falls idle. A connection beyond the cap
 * waits for one to be freed (idle connections of other tenants are closed to make room) and fails
 * with a clear error after {@code connectionTimeout}; the cap is never exceeded.
 */
public final class TenantPools implements AutoCloseable {

    private static final String RESOURCE = "postgres";
    /** Hikari's smallest idle timeout: idle tenant connections give their server connection back quickly. */
    private static final long IDLE_CONNECTION_MILLIS = 10_000;
    private static final long WAIT_SLICE_MILLIS = 50;
    /**
     * How long a closed connection keeps its permit: PostgreSQL ends the backend after the client
     * has closed, and until it has, {@code pg_stat_activity} (and {@code max_connections}) still
     * count it. Without the wait, a 200-tenant test under a cap of 20 saw 21 backends now and then.
     */
    private static final long BACKEND_EXIT_MILLIS = 20;

    /** Checks a tenant's login on the first connection of each pool opened for it. */
    @FunctionalInterface
    public interface LoginCheck {
        /**
         * @param tenantId the tenant
         * @param c a new connection of its pool
         * @throws SQLException or a runtime exception to refuse the login
         */
        void check(TenantId tenantId, Connection c) throws SQLException;
    }

    private final TenantPoolOptions options;
    private final LoginCheck loginCheck;
    /** Pools whose login has passed the check; a pool opened again is checked again. */
    private final Set<HikariDataSource> checked = ConcurrentHashMap.newKeySet();
    private final Semaphore permits;
    private final TenantPoolCache<HikariDataSource> pools;
    private final TenantSecrets secrets;
    private final ServerCaps servers;

    /**
     * @param options limits and timeouts
     * @param secrets where each tenant's credentials are read
     * @param loginCheck run on the first connection of every pool, before it is handed out; or null
     */
    public TenantPools(TenantPoolOptions options, TenantSecrets secrets, LoginCheck loginCheck) {
        this(options, secrets, loginCheck, ServerCaps.NONE);
    }

    /**
     * @param options limits and timeouts; {@code maxConnections} holds across every server
     * @param secrets where each tenant's credentials are read
     * @param loginCheck run on the first connection of every pool, before it is handed out; or null
     * @param servers the servers tenant databases are on: each one's own cap, and its name for errors
     */
    public TenantPools(TenantPoolOptions options, TenantSecrets secrets, LoginCheck loginCheck, ServerCaps servers) {
        this.servers = servers;
        this.options = options;
        this.loginCheck = loginCheck;
        this.secrets = secrets;
        this.permits = new Semaphore(options.maxConnections(), true);
        this.pools = new TenantPoolCache<>("Evicting idle per-tenant PostgreSQL pools", id -> open(id, secrets.load(id, RESOURCE)),
                TenantPools::inUse, pool -> {
                    checked.remove(pool);
                    pool.close();
                }, options.maxTenants(), options.idleTimeout());
    }

    private static boolean inUse(HikariDataSource pool) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean != null && bean.getActiveConnections() > 0;
    }

    /**
     * Borrows a connection from the tenant's pool, opening the pool from its stored credentials on
     * first use. A pool is only ever closed (for being least recently used, or idle) when nobody is
     * borrowing from it and none of its connections is in use.
     *
     * @param tenantId an ACTIVE tenant
     * @return a connection to the tenant's database, as the tenant's role
     * @throws io.fahren.secrets.SecretNotFoundException when its credentials are missing
     * @throws SQLException when no connection is available in time
     */
    public Connection connection(TenantId tenantId) throws SQLException {
        return pools.borrow(tenantId, pool -> {
            Connection c;
            try {
                c = pool.getConnection();
            } catch (SQLException e) {
                ServerCaps.Server server = ((CappedDataSource) pool.getDataSource()).server();
                if (server == null) {
                    throw e;
                }
                // one server down fails its tenants only, and says which server
                throw new SQLException("Tenant '" + tenantId + "' is on PostgreSQL server '" + server.cap().name() + "' ("
                        + server.cap().address() + "), which gave no connection: " + e.getMessage()
                        + " Tenants on the other servers are not affected.", e.getSQLState(), e);
            }
            if (loginCheck != null && !checked.contains(pool)) {
                try {
                    loginCheck.check(tenantId, c);
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                checked.add(pool);
            }
            return c;
        });
    }

    /** @return a one-line summary of permits and pools, for diagnosing the cap */
    public String describe() {
        List<HikariDataSource> open = pools.pools();
        int idle = 0;
        int active = 0;
        int total = 0;
        for (HikariDataSource pool : open) {
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            if (bean != null) {
                idle += bean.getIdleConnections();
                active += bean.getActiveConnections();
                total += bean.getTotalConnections();
            }
        }
        return "free permits " + permits.availablePermits() + ", waiting " + permits.getQueueLength() + ", pools "
                + open.size() + ", connections total " + total + " (active " + active + ", idle " + idle + ")";
    }

    /**
     * @param connections connections opened beside the tenant pools (a tenant's migration)
     * @return the same, each taking one of the permits of {@code max-connections} while it is open
     */
    public DataSource capped(DataSource connections) {
        return new CappedDataSource(connections);
    }

    /** @return the pools' state: size, connections, the cap, evictions and tenants failing to connect */
    public TenantPoolStats stats() {
        return pools.stats(pool -> mxBean(pool, HikariPoolMXBean::getActiveConnections),
                pool -> mxBean(pool, HikariPoolMXBean::getIdleConnections), options.maxConnections(),
                permits.getQueueLength());
    }

    private static int mxBean(HikariDataSource pool, ToIntFunction<HikariPoolMXBean> read) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? 0 : read.applyAsInt(bean);
    }

    /** @return how many tenant pools are open */
    public int openPools() {
        return pools.size();
    }

    /**
     * Closes a tenant's pool, when it is deleted.
     *
     * @param tenantId the tenant
     */
    public void close(TenantId tenantId) {
        pools.close(tenantId);
    }

    @Override
    public void close() {
        pools.close();
    }

    private HikariDataSource open(TenantId tenantId, ConnectionSecret credentials) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(new CappedDataSource(new RotatingLogin(credentials, () -> secrets.load(tenantId, RESOURCE))));
        config.setPoolName("fahren-tenant-" + tenantId);
        config.setMaximumPoolSize(options.tenantPoolSize());
        config.setMinimumIdle(0);
        config.setIdleTimeout(IDLE_CONNECTION_MILLIS);
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /**
     * Moves the tenant's open pool, if any, to the credentials its secret holds now: new
     * connections log in with them, idle ones are closed at once and the ones in use when they
     * are given back (Hikari's soft eviction), so no request fails and no connection on the old
     * credentials outlives its current use.
     *
     * @param tenantId the tenant whose credentials were rotated
     */
    public void rollOver(TenantId tenantId) {
        pools.peek(tenantId).ifPresent(pool -> {
            ((CappedDataSource) pool.getDataSource()).login.reload();
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            if (bean != null) {
                bean.softEvictConnections();
            }
        });
    }

    /**
     * Closes the idle connections of the least recently used pool that has some and that nobody
     * waits on, to free server connections for a waiting tenant. One pool at a time: closing every
     * idle connection at once would throw away the warm connections of tenants in use, each of
     * which then costs a new login.
     *
     * @param server the server whose permit is awaited: only pools connecting there are closed
     *        (closing another server's frees nothing there); null for the cap across all servers
     */
    private void closeIdleConnections(ServerCaps.Server server) {
        for (HikariDataSource pool : pools.pools()) { // least recently used first
            if (server != null && pool.getDataSource() instanceof CappedDataSource capped && capped.server() != server) {
                continue;
            }
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            // A pool with a waiting borrower may be handing a fresh connection over right now:
            // evicting it would leave that borrower waiting for a connection nobody creates.
            if (bean != null && bean.getIdleConnections() > 0 && bean.getThreadsAwaitingConnection() == 0) {
                bean.softEvictConnections();
                return;
            }
        }
    }

    /**
     * Takes a permit for every physical connection, and gives it back when the connection is closed:
     * one of the cap across all servers, and one of the server the login connects to now (its
     * secret's URL, which follows a tenant another process moved).
     */
    private final class CappedDataSource implements DataSource {

        private final RotatingLogin login;
        private final DataSource target;

        CappedDataSource(RotatingLogin login) {
            this.login = login;
            this.target = login.target();
        }

        CappedDataSource(DataSource target) {
            this.login = null;
            this.target = target;
        }

        /** @return the server the login connects to now, when several are configured; else null */
        ServerCaps.Server server() {
            return login == null ? null : servers.forUrl(login.url());
        }

        /** Takes one of the server's own permits, if it has a cap of its own; @return them, or null */
        private Semaphore acquireServer(ServerCaps.Server server) throws SQLException {
            Semaphore own = server == null ? null : server.permits();
            if (own != null) {
                acquire(own, server, "All " + server.cap().maxConnections() + " connections allowed to PostgreSQL "
                        + "server '" + server.cap().name() + "' are in use (fahren.postgres.servers." + server.cap().name()
                        + ".max-connections)");
            }
            return own;
        }

        @Override
        public Connection getConnection() throws SQLException {
            ServerCaps.Server server = server();
            Semaphore taken = acquireServer(server);
            try {
                acquire(permits, null, "All " + options.maxConnections() + " server connections allowed across tenant "
                        + "pools are in use (fahren.postgres.pool.max-connections)");
            } catch (SQLException | RuntimeException e) {
                if (taken != null) {
                    taken.release();
                }
                throw e;
            }
            Connection opened = null;
            try {
                opened = login != null ? login.connect() : target.getConnection();
                ServerCaps.Server reached = server();
                if (reached != server) {
                    // the login followed the tenant to another server while connecting: that one's permit
                    Semaphore other = acquireServer(reached);
                    if (taken != null) {
                        taken.release();
                    }
                    taken = other;
                }
                Connection physical = opened;
                Semaphore own = taken;
                AtomicBoolean released = new AtomicBoolean();
                return (Connection) Proxy.newProxyInstance(TenantPools.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            boolean ends = (method.getName().equals("close") && method.getParameterCount() == 0)
                                    || method.getName().equals("abort");
                            if (ends) {
                                try {
                                    return method.invoke(physical, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                } finally {
                                    if (released.compareAndSet(false, true)) {
                                        FahrenScheduler.after("Releasing a connection permit",
                                                Duration.ofMillis(BACKEND_EXIT_MILLIS), () -> release(own));
                                    }
                                }
                            }
                            try {
                                return method.invoke(physical, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            } catch (SQLException | RuntimeException e) {
                if (opened != null) {
                    try {
                        opened.close();
                    } catch (SQLException closing) {
                        e.addSuppressed(closing);
                    }
                }
                release(taken);
                throw e;
            }
        }

        private void release(Semaphore own) {
            permits.release();
            if (own != null) {
                own.release();
            }
        }

        /**
         * @param which the permits
         * @param server the server they belong to, or null for the cap across all servers
         * @param full the message when none comes in time
         */
        private void acquire(Semaphore which, ServerCaps.Server server, String full) throws SQLException {
            long deadline = System.nanoTime() + options.connectionTimeout().toNanos();
            try {
                if (which.tryAcquire(0, TimeUnit.MILLISECONDS)) { // fair: does not overtake waiters
                    return;
                }
                // While waiting, close other tenants' idle connections, least recently used pool
                // first: each closed connection frees a permit.
                while (System.nanoTime() - deadline < 0) {
                    closeIdleConnections(server);
                    if (which.tryAcquire(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException(full + "; none was freed within " + options.connectionTimeout().toMillis() + " ms.",
                    "53300");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("Tenant pools use the tenant's stored credentials");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("io.fahren.postgres");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("Not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
