package io.fahren.flyway.impl;

import io.fahren.FahrenException;
import io.fahren.flyway.MigrationStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Each tenant's last failed migration, in a table beside the tenant registry ({@code
 * tenant_migration_failures} in the registry's schema): kept until a migration of the tenant
 * succeeds, so admin code can see what failed without reading logs. Error texts are cut to 2,000
 * characters.
 */
public final class MigrationFailures {

    private static final int MAX_ERROR = 2000;

    private final DataSource management;
    private final String table;
    private volatile boolean created;

    /**
     * @param management the management database
     * @param table the quoted, qualified name of the table beside the registry
     */
    public MigrationFailures(DataSource management, String table) {
        this.management = management;
        this.table = table;
    }

    /**
     * @param tenantId the tenant
     * @param version the first migration not applied, or null
     * @param error what failed
     */
    public void record(String tenantId, String version, String error) {
        String text = error == null ? "" : error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        update("INSERT INTO " + table + " (tenant_id, version, error) VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO "
                + "UPDATE SET version = excluded.version, error = excluded.error, failed_at = now()", tenantId, version,
                text);
    }

    /** @param tenantId a tenant whose migration succeeded */
    public void clear(String tenantId) {
        update("DELETE FROM " + table + " WHERE tenant_id = ?", tenantId);
    }

    /**
     * @param tenantId a tenant
     * @return its last failure, if one is recorded
     */
    public Optional<MigrationStatus.Failure> find(String tenantId) {
        try (Connection c = management.getConnection()) {
            create(c);
            try (PreparedStatement p = c.prepareStatement("SELECT version, error, failed_at FROM " + table
                    + " WHERE tenant_id = ?")) {
                p.setString(1, tenantId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new MigrationStatus.Failure(rs.getString(1), rs.getString(2),
                            rs.getTimestamp(3).toInstant())) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw failure("read the migration failure of tenant '" + tenantId + "'", e);
        }
    }

    private void update(String sql, String... params) {
        try (Connection c = management.getConnection()) {
            create(c);
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    p.setString(i + 1, params[i]);
                }
                p.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure("record the migration of tenant '" + params[0] + "'", e);
        }
    }

    private void create(Connection c) throws SQLException {
        if (!created) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + table + " (tenant_id text PRIMARY KEY, version text, "
                        + "error text NOT NULL, failed_at timestamptz NOT NULL DEFAULT now())");
            }
            created = true;
        }
    }

    private static FahrenException failure(String what, SQLException e) {
        return new FahrenException("Could not " + what + " in the management database: " + e.getMessage()
                + " Check that it is reachable and that the management login may create tables in the registry's "
                + "schema.", e);
    }
}
