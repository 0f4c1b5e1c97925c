package io.fahren.postgres;

import io.fahren.FahrenException;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.postgres.impl.Sql;
import io.fahren.spi.TenantRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link TenantRegistry} kept in a table of the management database, {@code fahren.tenants} by
 * default, created on first use. Its lifecycle lock is a PostgreSQL advisory lock, so it holds
 * across every application node that shares the database.
 *
 * <pre>{@code
 * TenantRegistry registry = new PostgresTenantRegistry(managementDataSource, "fahren");
 * }</pre>
 */
public final class PostgresTenantRegistry implements TenantRegistry {

    private final DataSource dataSource;
    private final DataSource lockSource;
    private final String table;

    /**
     * Creates the schema and table when they do not exist. Locks use connections of their own from
     * the same data source.
     *
     * @param dataSource the management database
     * @param schema the schema holding the {@code tenants} table
     */
    public PostgresTenantRegistry(DataSource dataSource, String schema) {
        this(dataSource, dataSource, schema);
    }

    /**
     * Creates the schema and table when they do not exist.
     *
     * @param dataSource the management database
     * @param lockSource where lock connections come from; give it a source other than a small pool
     *        that provisioning also draws from, or concurrent creates can starve each other
     * @param schema the schema holding the {@code tenants} table
     */
    public PostgresTenantRegistry(DataSource dataSource, DataSource lockSource, String schema) {
        this.dataSource = dataSource;
        this.lockSource = lockSource;
        this.table = Sql.qualified(schema, "tenants");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.identifier(schema));
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id text PRIMARY KEY, state text NOT NULL, "
                    + "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())");
        } catch (SQLException e) {
            throw failure("create the tenant registry table " + table, e);
        }
    }

    @Override
    public Optional<Tenant> find(TenantId tenantId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, state, created_at, updated_at FROM " + table
                        + " WHERE id = ?")) {
            s.setString(1, tenantId.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(tenant(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read tenant '" + tenantId + "'", e);
        }
    }

    @Override
    public List<Tenant> list() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, state, created_at, updated_at FROM " + table + " ORDER BY id")) {
            List<Tenant> tenants = new ArrayList<>();
            while (rs.next()) {
                tenants.add(tenant(rs));
            }
            return tenants;
        } catch (SQLException e) {
            throw failure("list tenants", e);
        }
    }

    @Override
    public Tenant put(TenantId tenantId, TenantState state) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (id, state) VALUES (?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = now() "
                        + "RETURNING id, state, created_at, updated_at")) {
            s.setString(1, tenantId.value());
            s.setString(2, state.name());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return tenant(rs);
            }
        } catch (SQLException e) {
            throw failure("record tenant '" + tenantId + "' as " + state, e);
        }
    }

    @Override
    public void remove(TenantId tenantId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            s.setString(1, tenantId.value());
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("remove tenant '" + tenantId + "'", e);
        }
    }

    @Override
    public Lock lock(TenantId tenantId) {
        Connection c = null;
        try {
            c = lockSource.getConnection();
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
                s.setString(1, "fahren.tenant:" + tenantId.value());
                s.execute();
            }
            Connection held = c;
            return () -> unlock(held, tenantId);
        } catch (SQLException e) {
            closeQuietly(c);
            throw failure("lock tenant '" + tenantId + "'", e);
        }
    }

    private void unlock(Connection held, TenantId tenantId) {
        try (held; PreparedStatement s = held.prepareStatement("SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            s.setString(1, "fahren.tenant:" + tenantId.value());
            s.execute();
        } catch (SQLException e) {
            // The session may still hold the lock: throw the physical connection away so the pool
            // never hands out a session that keeps a tenant locked.
            try {
                held.abort(Runnable::run);
            } catch (SQLException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw failure("unlock tenant '" + tenantId + "'", e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the original failure is the one to report
            }
        }
    }

    private static Tenant tenant(ResultSet rs) throws SQLException {
        return new Tenant(new TenantId(rs.getString(1)), TenantState.valueOf(rs.getString(2)),
                rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant());
    }

    private FahrenException failure(String what, SQLException e) {
        return new FahrenException("The PostgreSQL tenant registry (" + table + ") could not " + what + ": "
                + e.getMessage() + ". Check that the management database is reachable (fahren.postgres.url).", e);
    }

    @Override
    public String toString() {
        return "PostgresTenantRegistry[" + table + "]";
    }
}
