package io.fahren.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.Tenants;
import io.fahren.postgres.impl.ActiveTenants;
import io.fahren.postgres.impl.Isolation;
import io.fahren.postgres.impl.RlsIsolation;
import io.fahren.postgres.impl.TenantDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The tenant-aware side: connections that can only see the current tenant's rows.
 *
 * <p>Every entry point checks that the tenant is ACTIVE ({@link io.fahren.UnknownTenantException}
 * otherwise), binds the connection to the tenant for exactly the span of the work, and gives it
 * back clean: the login role, an empty tenant setting. When the reset itself fails, the connection
 * is thrown away instead of returned to the pool.
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

    private final HikariDataSource pool;
    private final Isolation isolation;
    private final ActiveTenants active;
    private final boolean local;

    PostgresTenants(HikariDataSource pool, Isolation isolation, ActiveTenants active) {
        this.pool = pool;
        this.isolation = isolation;
        this.active = active;
        this.local = isolation.options().bindingMode() == BindingMode.TRANSACTION;
        try (Connection c = pool.getConnection()) {
            isolation.checkTenantsLogin(c);
        } catch (SQLException e) {
            pool.close();
            throw RlsIsolation.failure("checking the tenants-side login", e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
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
        active.require(id);
        try (Connection c = pool.getConnection()) {
            return local ? inTransaction(c, id, work) : inSession(c, id, work);
        } catch (SQLException e) {
            throw new FahrenException("SQL as tenant '" + id + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * @param tenantId the raw tenant id
     * @param sql a query with {@code ?} placeholders
     * @param params the values, bound in order
     * @return every row as column label to value
     */
    public List<Map<String, Object>> queryAs(String tenantId, String sql, Object... params) {
        return callWithConnection(tenantId, c -> {
            try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
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
        });
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
     * A {@link DataSource} whose connections act as {@link Tenants#current()}: the tenant is bound
     * at {@code getConnection()} and reset at {@code close()}. Only in {@link BindingMode#SESSION}.
     *
     * @return the tenant-aware data source
     * @throws IllegalStateException in {@link BindingMode#TRANSACTION} mode, where a tenant cannot
     *         be bound to a connection the application manages itself
     */
    public DataSource dataSource() {
        if (local) {
            throw new IllegalStateException("dataSource() needs BindingMode.SESSION: in TRANSACTION mode the tenant is "
                    + "bound per transaction by queryAs/withConnection, which a plain DataSource cannot do.");
        }
        return new TenantDataSource(pool, c -> {
            TenantId id = Tenants.require();
            active.require(id);
            isolation.bind(c, id, false);
        }, this::release);
    }

    /** Closes the pool. */
    @Override
    public void close() {
        pool.close();
    }

    /** @return the pool, for diagnostics and tests; never hand its connections to tenant code */
    HikariDataSource pool() {
        return pool;
    }

    private <T> T inSession(Connection c, TenantId id, ConnectionWork<T> work) throws SQLException {
        try {
            isolation.bind(c, id, false);
            return work.apply(c);
        } finally {
            release(c);
        }
    }

    private <T> T inTransaction(Connection c, TenantId id, ConnectionWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            isolation.bind(c, id, true);
            T result = work.apply(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Resets a session-bound connection, or throws it away when the reset fails. */
    private void release(Connection c) throws SQLException {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            isolation.unbind(c);
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(c);
            throw e;
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }

    @Override
    public String toString() {
        return "PostgresTenants[" + pool.getJdbcUrl() + " as " + pool.getUsername() + ", " + isolation.options().bindingMode()
                + "]";
    }
}
