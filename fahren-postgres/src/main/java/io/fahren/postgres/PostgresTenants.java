package io.fahren.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.FahrenException;
import io.fahren.SharedPoolStats;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantPoolStats;
import io.fahren.internal.ActiveTenants;
import io.fahren.postgres.PostgresEngine.Connections;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The tenant-aware side: connections that can only reach the current tenant's data.
 *
 * <p>Every entry point checks that the tenant is ACTIVE ({@link io.fahren.UnknownTenantException}
 * otherwise) and runs the work on a connection that acts as the tenant for exactly the span of the
 * work. With a shared pool (RLS, schema) no statement runs on the connection before it is cleared
 * of any other tenant's session state and bound, in the round trip of the work's first statement
 * where it can be (see docs/postgres.md); it may rest in the pool bound to its last tenant. With
 * database isolation it comes from the tenant's own pool.
 *
 * <pre>{@code
 * try (PostgresTenants tenants = rls.forTenants(PostgresConnection.of(url, "app", password))) {
 *     List<Map<String, Object>> rows = tenants.queryAs("acme", "SELECT * FROM orders WHERE total > ?", 10);
 *     tenants.withConnection("acme", c -> c.createStatement().execute("DELETE FROM orders"));
 *     DataSource ds = tenants.dataSource();   // binds Tenants.current() at each getConnection()
 * }
 * }</pre>
 */
public final class PostgresTenants implements AutoCloseable {

    private final Connections connections;
    private final ActiveTenants active;
    private final AutoCloseable owned;

    PostgresTenants(Connections connections, ActiveTenants active, AutoCloseable owned) {
        this.connections = connections;
        this.active = active;
        this.owned = owned;
    }

    /**
     * Runs plain JDBC work as the tenant. In {@link BindingMode#TRANSACTION} mode the work runs in
     * one transaction, committed when it returns and rolled back when it throws.
     *
     * @param tenantId the raw tenant id
     * @param action the work
     * @throws io.fahren.UnknownTenantException when the tenant is not ACTIVE
     * @throws FahrenException wrapping the work's {@link SQLException}
     */
    public void withConnection(String tenantId, ConnectionAction action) {
        callWithConnection(tenantId, c -> {
            action.accept(c);
            return null;
        });
    }

    /**
     * Like {@link #withConnection}, returning the work's result.
     *
     * @param tenantId the raw tenant id
     * @param work the work
     * @param <T> the result type
     * @return what the work returned
     */
    public <T> T callWithConnection(String tenantId, ConnectionWork<T> work) {
        TenantId id = TenantId.of(tenantId);
        Tenant tenant = active.require(id);
        try {
            return connections.call(tenant, work);
        } catch (SQLException e) {
            throw new FahrenException("SQL as tenant '" + id + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs one statement of any kind and returns its rows; a statement without a result set (an
     * INSERT without RETURNING, say) runs once and gives no rows, so a retry never doubles it.
     *
     * @param tenantId the raw tenant id
     * @param sql a statement with {@code ?} placeholders
     * @param params the values, bound in order
     * @return every row as column label to value; empty when the statement returns none
     */
    public List<Map<String, Object>> queryAs(String tenantId, String sql, Object... params) {
        return executeAs(tenantId, sql, params).rows();
    }

    /**
     * Runs one statement of any kind, as the seed project's {@code queryAs} does: its rows and its
     * count (rows returned, or rows changed).
     *
     * @param tenantId the raw tenant id
     * @param sql a statement with {@code ?} placeholders
     * @param params the values, bound in order
     * @return the rows and the count
     */
    public QueryResult executeAs(String tenantId, String sql, Object... params) {
        return callWithConnection(tenantId, c -> {
            try (PreparedStatement s = prepare(c, sql, params)) {
                if (!s.execute()) {
                    return new QueryResult(List.of(), Math.max(0, s.getLargeUpdateCount()));
                }
                try (ResultSet rs = s.getResultSet()) {
                    List<Map<String, Object>> rows = rows(rs);
                    return new QueryResult(rows, rows.size());
                }
            }
        });
    }

    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i), rs.getObject(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * @param tenantId the raw tenant id
     * @param sql an INSERT, UPDATE or DELETE with {@code ?} placeholders
     * @param params the values, bound in order
     * @return the number of rows changed
     */
    public int updateAs(String tenantId, String sql, Object... params) {
        return callWithConnection(tenantId, c -> {
            try (PreparedStatement s = prepare(c, sql, params)) {
                return s.executeUpdate();
            }
        });
    }

    /**
     * Opens a connection that acts as the tenant until it is closed; closing it gives it back clean.
     * Prefer {@link #withConnection}; this is for integrations that manage the connection's span
     * themselves, such as Hibernate's connection provider.
     *
     * @param tenantId the raw tenant id
     * @return the bound connection; close it
     * @throws io.fahren.UnknownTenantException when the tenant is not ACTIVE
     */
    public java.sql.Connection connection(String tenantId) {
        TenantId id = TenantId.of(tenantId);
        Tenant tenant = active.require(id);
        try {
            return connections.open(tenant);
        } catch (SQLException e) {
            throw new FahrenException("Opening a connection as tenant '" + id + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * A {@link DataSource} whose connections act as {@link io.fahren.Tenants#current()} (the tenant
     * is read at {@code getConnection()}, the connection is bound before its first statement runs),
     * and have their transaction rolled back at {@code close()}. In {@link BindingMode#TRANSACTION}
     * mode its connections come with auto-commit off and bind each of their transactions; commit
     * your work ({@code setAutoCommit(true)} is refused, and what is not committed is rolled back at
     * {@code close()}).
     *
     * @return the tenant-aware data source
     */
    public DataSource dataSource() {
        return connections.dataSource(active);
    }

    /**
     * The state of the per-tenant pools (database per tenant, schema per tenant with per-tenant
     * logins), for health checks and metrics: how many are open against the cap, connections in
     * use and idle, evictions, and the tenants whose every attempt to connect fails.
     *
     * <pre>{@code
     * tenants.poolStats().map(TenantPoolStats::withinCaps).orElse(true);
     * }</pre>
     *
     * @return the snapshot; empty when the strategy serves every tenant from one shared pool
     */
    public Optional<TenantPoolStats> poolStats() {
        return connections.poolStats();
    }

    /**
     * The state of the pool every tenant shares (row-level security, schema per tenant with one
     * login), for health checks and metrics.
     *
     * <pre>{@code
     * tenants.sharedPoolStats().ifPresent(s -> log(s.activeConnections() + "/" + s.maxConnections()));
     * }</pre>
     *
     * @return the snapshot; empty when the strategy uses per-tenant pools
     */
    public Optional<SharedPoolStats> sharedPoolStats() {
        return connections.sharedPoolStats();
    }

    /** Closes the pools (and, for a {@linkplain Postgres#tenantsOnly tenants-only} side, the rest it holds). */
    @Override
    public void close() {
        try {
            owned.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new FahrenException("Closing the tenants side failed: " + e.getMessage(), e);
        }
    }

    /** @return the shared pool, for diagnostics and tests; never hand its connections to tenant code */
    HikariDataSource pool() {
        return connections.sharedPool();
    }

    private static PreparedStatement prepare(java.sql.Connection c, String sql, Object[] params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }

    @Override
    public String toString() {
        return "PostgresTenants[" + connections + "]";
    }
}
