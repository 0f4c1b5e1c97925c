package io.fahren.postgres.impl;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.fahren.TenantId;
import io.fahren.postgres.TenantPoolOptions;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.TenantSecrets;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

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

    private final TenantPoolOptions options;
    private final TenantSecrets secrets;
    private final Semaphore permits;
    private final Map<TenantId, Entry> pools = new LinkedHashMap<>(16, 0.75f, true);
    private final ScheduledExecutorService evictor;

    private static final class Entry {
        final HikariDataSource pool;
        long lastUsed = System.nanoTime();
        int users;

        Entry(HikariDataSource pool) {
            this.pool = pool;
        }
    }

    /**
     * @param options limits and timeouts
     * @param secrets where each tenant's credentials are read
     */
    public TenantPools(TenantPoolOptions options, TenantSecrets secrets) {
        this.options = options;
        this.secrets = secrets;
        this.permits = new Semaphore(options.maxConnections(), true);
        this.evictor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fahren-tenant-pool-evictor");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, options.idleTimeout().toSeconds() / 4);
        evictor.scheduleWithFixedDelay(this::closeIdlePools, period, period, TimeUnit.SECONDS);
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
        Entry entry;
        List<HikariDataSource> evicted;
        synchronized (pools) {
            entry = pools.get(tenantId);
            if (entry == null) {
                entry = new Entry(open(tenantId, secrets.load(tenantId, RESOURCE)));
                pools.put(tenantId, entry);
            }
            entry.users++;
            entry.lastUsed = System.nanoTime();
            evicted = evictUnused(pools.size() - options.maxTenants(), -1);
        }
        evicted.forEach(HikariDataSource::close);
        try {
            return entry.pool.getConnection();
        } finally {
            synchronized (pools) {
                entry.users--;
            }
        }
    }

    /**
     * Removes up to {@code count} unused pools, least recently used first.
     *
     * @param count how many at most
     * @param idleNanos only pools unused for longer than this; negative for any
     * @return the removed pools, to close outside the lock
     */
    private List<HikariDataSource> evictUnused(int count, long idleNanos) {
        List<HikariDataSource> evicted = new ArrayList<>();
        long now = System.nanoTime();
        Iterator<Entry> it = pools.values().iterator();
        while (evicted.size() < count && it.hasNext()) {
            Entry entry = it.next();
            HikariPoolMXBean bean = entry.pool.getHikariPoolMXBean();
            boolean unused = entry.users == 0 && (bean == null || bean.getActiveConnections() == 0);
            if (unused && (idleNanos < 0 || now - entry.lastUsed > idleNanos)) {
                evicted.add(entry.pool);
                it.remove();
            }
        }
        return evicted;
    }

    /** @return a one-line summary of permits and pools, for diagnosing the cap */
    public String describe() {
        synchronized (pools) {
            int idle = 0;
            int active = 0;
            int total = 0;
            for (Entry e : pools.values()) {
                HikariPoolMXBean bean = e.pool.getHikariPoolMXBean();
                if (bean != null) {
                    idle += bean.getIdleConnections();
                    active += bean.getActiveConnections();
                    total += bean.getTotalConnections();
                }
            }
            return "free permits " + permits.availablePermits() + ", waiting " + permits.getQueueLength() + ", pools "
                    + pools.size() + ", connections total " + total + " (active " + active + ", idle " + idle + ")";
        }
    }

    /** @return how many tenant pools are open */
    public int openPools() {
        synchronized (pools) {
            return pools.size();
        }
    }

    /**
     * Closes a tenant's pool, when it is deleted.
     *
     * @param tenantId the tenant
     */
    public void close(TenantId tenantId) {
        Entry entry;
        synchronized (pools) {
            entry = pools.remove(tenantId);
        }
        if (entry != null) {
            entry.pool.close();
        }
    }

    @Override
    public void close() {
        evictor.shutdownNow();
        List<Entry> all;
        synchronized (pools) {
            all = new ArrayList<>(pools.values());
            pools.clear();
        }
        all.forEach(e -> e.pool.close());
    }

    private HikariDataSource open(TenantId tenantId, ConnectionSecret credentials) {
        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setURL(credentials.url());
        target.setUser(credentials.username());
        target.setPassword(credentials.password());
        HikariConfig config = new HikariConfig();
        config.setDataSource(new CappedDataSource(target));
        config.setPoolName("fahren-tenant-" + tenantId);
        config.setMaximumPoolSize(options.tenantPoolSize());
        config.setMinimumIdle(0);
        config.setIdleTimeout(IDLE_CONNECTION_MILLIS);
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    /** Closes pools unused for longer than the idle timeout. */
    private void closeIdlePools() {
        List<HikariDataSource> idle;
        synchronized (pools) {
            idle = evictUnused(Integer.MAX_VALUE, options.idleTimeout().toNanos());
        }
        idle.forEach(HikariDataSource::close);
    }

    /** Closes the idle connections of every pool nobody waits on, to free server connections for a waiting tenant. */
    private void closeIdleConnections() {
        List<HikariDataSource> all;
        synchronized (pools) {
            all = pools.values().stream().map(e -> e.pool).toList();
        }
        for (HikariDataSource pool : all) {
            HikariPoolMXBean bean = pool.getHikariPoolMXBean();
            // A pool with a waiting borrower may be handing a fresh connection over right now:
            // evicting it would leave that borrower waiting for a connection nobody creates.
            if (bean != null && bean.getIdleConnections() > 0 && bean.getThreadsAwaitingConnection() == 0) {
                bean.softEvictConnections();
            }
        }
    }

    /** Takes a permit for every physical connection, and gives it back when the connection is closed. */
    private final class CappedDataSource implements DataSource {

        private final DataSource target;

        CappedDataSource(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            acquire();
            try {
                Connection physical = target.getConnection();
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
                                        permits.release();
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
                permits.release();
                throw e;
            }
        }

        private void acquire() throws SQLException {
            long deadline = System.nanoTime() + options.connectionTimeout().toNanos();
            try {
                // While waiting, keep closing other tenants' idle connections: each one frees a permit.
                while (System.nanoTime() - deadline < 0) {
                    if (permits.tryAcquire(WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    closeIdleConnections();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("All " + options.maxConnections() + " server connections allowed across tenant "
                    + "pools are in use (fahren.postgres.pool.max-connections); none was freed within "
                    + options.connectionTimeout().toMillis() + " ms.", "53300");
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
