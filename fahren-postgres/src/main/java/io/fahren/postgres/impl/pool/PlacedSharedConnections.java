package io.fahren.postgres.impl.pool;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.SharedPoolStats;
import io.fahren.Tenant;
import io.fahren.Tenants;
import io.fahren.internal.ActiveTenants;
import io.fahren.internal.Exclusive;
import io.fahren.postgres.ConnectionWork;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresEngine.Connections;
import io.fahren.postgres.TenantPlacement;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.TenantServers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Shared pools on several servers (schema per tenant placed across servers): one
 * {@link SharedPoolConnections} per server, opened on the first checkout of one of its tenants, and
 * each checkout routed by the server the tenant's registry record names ({@value
 * TenantPlacement#ATTRIBUTE}). A server that does not answer fails its own tenants only, with its
 * name in the error; the others' pools are not touched.
 *
 * <p>Each server's pool logs in with the tenants-side login's user name and password at that
 * server's URL, so the same tenants-side role must exist on every server; it holds up to the
 * server's {@link TenantServer#maxConnections()} connections, else the strategy's pool size.
 * Thread-safe.
 */
public final class PlacedSharedConnections implements Connections {

    /**
     * One server's pool, opened once, on demand; a failed opening is tried again on the next
     * checkout. Opening connects to the server, so it runs under an {@link Exclusive}, not a monitor.
     */
    private static final class Lazy {
        private final TenantServer server;
        private final Exclusive lock = new Exclusive();
        private volatile SharedPoolConnections opened;
        private volatile boolean closed;

        Lazy(TenantServer server) {
            this.server = server;
        }

        SharedPoolConnections get(PlacedSharedConnections owner) {
            SharedPoolConnections ready = opened;
            if (ready != null && !closed) {
                return ready;
            }
            return lock.call(() -> {
                if (closed) {
                    throw new IllegalStateException("The tenants side is closed");
                }
                if (opened == null) {
                    try {
                        opened = owner.open.apply(server);
                    } catch (FahrenConfigurationException e) {
                        throw e;
                    } catch (RuntimeException e) {
                        throw new FahrenException("PostgreSQL server '" + server.name() + "' (" + server.login().url()
                                + ") gives no tenant connection: " + e.getMessage() + " Its tenants fail until it "
                                + "answers; tenants on other servers are not affected.", e);
                    }
                }
                return opened;
            });
        }

        Optional<SharedPoolConnections> ifOpen() {
            return Optional.ofNullable(opened);
        }

        void close() {
            lock.run(() -> {
                closed = true;
                if (opened != null) {
                    opened.close();
                }
            });
        }
    }

    private final Map<String, Lazy> servers = new LinkedHashMap<>();
    private final java.util.function.Function<TenantServer, SharedPoolConnections> open;

    /**
     * @param servers the servers tenants are placed on
     * @param login the tenants-side login: its user name and password are used at every server's URL
     * @param poolSize each server's pool size, unless the server has a {@code maxConnections}
     * @param isolation binds connections to tenants
     */
    public PlacedSharedConnections(TenantServers servers, PostgresConnection login, int poolSize, Isolation isolation) {
        for (TenantServer server : servers.servers()) {
            this.servers.put(server.name(), new Lazy(server));
        }
        this.open = server -> new SharedPoolConnections(Pools.open(
                PostgresConnection.of(server.login().url(), login.username(), login.password()),
                server.maxConnections() > 0 ? server.maxConnections() : poolSize, "fahren-tenants-" + server.name(),
                isolation.options().bindingMode()), isolation);
    }

    /** @return the server the tenant's record names */
    private static String serverOf(Tenant tenant) {
        return tenant.attributes().get(TenantPlacement.ATTRIBUTE);
    }

    /** A server's pool that gave no connection in time: the error names the server. */
    private static SQLException named(Tenant tenant, SQLTransientConnectionException e) {
        return new SQLTransientConnectionException("PostgreSQL server '" + serverOf(tenant) + "' gave no connection for "
                + "tenant '" + tenant.id() + "': " + e.getMessage() + " Its tenants fail until it answers; tenants on "
                + "other servers are not affected.", e.getSQLState(), e);
    }

    /** @return the pool of the server the tenant's record names */
    private SharedPoolConnections pool(Tenant tenant) {
        String name = serverOf(tenant);
        if (name == null) {
            throw new FahrenException("Tenant '" + tenant.id() + "' has no attribute " + TenantPlacement.ATTRIBUTE
                    + ", so Fahren cannot tell which PostgreSQL server its schema is on. Tenants created with "
                    + "fahren.postgres.servers have it; set it (TenantManagement.updateAttributes) to the server its "
                    + "schema is on.");
        }
        Lazy server = servers.get(name);
        if (server == null) {
            throw new FahrenConfigurationException("Tenant '" + tenant.id() + "' is placed on server '" + name
                    + "' (attribute " + TenantPlacement.ATTRIBUTE + "), which this process does not configure: add it to "
                    + "fahren.postgres.servers (TenantServers). Configured are " + servers.keySet() + ".");
        }
        return server.get(this);
    }

    @Override
    public <T> T call(Tenant tenant, ConnectionWork<T> work) throws SQLException {
        SharedPoolConnections pool = pool(tenant);
        try {
            return pool.call(tenant, work);
        } catch (SQLTransientConnectionException e) {
            throw named(tenant, e);
        }
    }

    @Override
    public Connection open(Tenant tenant) throws SQLException {
        SharedPoolConnections pool = pool(tenant);
        try {
            return pool.open(tenant);
        } catch (SQLTransientConnectionException e) {
            throw named(tenant, e);
        }
    }

    @Override
    public DataSource dataSource(ActiveTenants active) {
        return new TenantDataSource(() -> open(active.require(Tenants.require())));
    }

    /** @return the pools opened so far, summed */
    @Override
    public Optional<SharedPoolStats> sharedPoolStats() {
        int active = 0;
        int idle = 0;
        int max = 0;
        int waiting = 0;
        long failures = 0;
        for (Lazy server : servers.values()) {
            Optional<SharedPoolStats> stats = server.ifOpen().flatMap(SharedPoolConnections::sharedPoolStats);
            if (stats.isPresent()) {
                active += stats.get().activeConnections();
                idle += stats.get().idleConnections();
                max += stats.get().maxConnections();
                waiting += stats.get().waiting();
                failures += stats.get().bindingFailures();
            }
        }
        return Optional.of(SharedPoolStats.of(active, idle, max, waiting, failures));
    }

    /** @return null: there is one shared pool per server ({@link #sharedPool(String)}) */
    @Override
    public HikariDataSource sharedPool() {
        return null;
    }

    /**
     * @param server a server's name
     * @return its pool, if opened; for diagnostics and tests
     */
    public Optional<HikariDataSource> sharedPool(String server) {
        Lazy lazy = servers.get(server);
        return lazy == null ? Optional.empty() : lazy.ifOpen().map(SharedPoolConnections::sharedPool);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Lazy server : servers.values()) {
            try {
                server.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("shared pools on ").append(servers.size()).append(" servers:");
        servers.forEach((name, lazy) -> s.append(' ').append(name).append('=')
                .append(lazy.ifOpen().map(Object::toString).orElse("not opened")));
        return s.toString();
    }
}
