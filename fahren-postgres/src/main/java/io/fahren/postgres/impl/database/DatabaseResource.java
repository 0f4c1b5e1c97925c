package io.fahren.postgres.impl.database;

import io.fahren.postgres.impl.sql.Sql;
import io.fahren.postgres.impl.sql.TenantLogins;
import io.fahren.postgres.impl.pool.LoginRotation;
import io.fahren.postgres.impl.pool.TenantPools;
import io.fahren.TenantId;
import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.PostgresConnection;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantResource;
import io.fahren.FahrenConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The management side of database per tenant: creates the tenant's LOGIN role and database (from
 * the template, {@code CONNECT} revoked from {@code PUBLIC}), stores the role's password in the
 * secrets provider, and removes all three.
 */
final class DatabaseResource implements TenantResource {

    private final DatabaseStrategy strategy;
    private final DatabaseOptions options;
    private final TenantSecrets secrets;
    private final TenantPools pools;
    private final PostgresConnection management;

    private final DataSource managementPool;

    DatabaseResource(DatabaseStrategy strategy, DataSource managementPool) {
        this.strategy = strategy;
        this.options = strategy.options();
        this.secrets = strategy.secrets();
        this.pools = strategy.pools();
        this.management = strategy.management();
        this.managementPool = managementPool;
    }

    @Override
    public String name() {
        return DatabaseStrategy.RESOURCE;
    }

    @Override
    public void provision(TenantId tenantId) throws Exception {
        try {
            create(tenantId);
        } catch (Exception e) {
            try {
                deprovision(tenantId);
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void create(TenantId tenantId) throws SQLException {
        String name = strategy.name(tenantId);
        String quoted = Sql.identifier(name);
        String password = TenantLogins.newPassword(options.passwordGenerator());
        try (Connection c = managementPool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + quoted + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION");
            TenantLogins.setPassword(c, name, password);
            if (options.revokePublicConnect()) {
                revokePublicConnect(c);
            }
            checkConnectsNowhereElse(c, tenantId, name);
            s.execute("CREATE DATABASE " + quoted
                    + (options.template() == null ? "" : " TEMPLATE " + Sql.identifier(options.template())));
            s.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + quoted + " FROM PUBLIC");
            s.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + quoted + " TO " + quoted);
        }
        String url = DatabaseStrategy.withDatabase(management.url(), name);
        PGSimpleDataSource tenantDb = new PGSimpleDataSource();
        tenantDb.setURL(url);
        tenantDb.setUser(management.username());
        tenantDb.setPassword(management.password());
        try (Connection c = tenantDb.getConnection(); Statement s = c.createStatement()) {
            for (String schema : options.schemas()) {
                String q = Sql.identifier(schema);
                s.execute("GRANT USAGE, CREATE ON SCHEMA " + q + " TO " + quoted);
                s.execute("GRANT ALL ON ALL TABLES IN SCHEMA " + q + " TO " + quoted);
                s.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA " + q + " TO " + quoted);
                s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + q + " GRANT ALL ON TABLES TO " + quoted);
                s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + q + " GRANT ALL ON SEQUENCES TO " + quoted);
            }
        }
        secrets.store(tenantId, DatabaseStrategy.RESOURCE, new ConnectionSecret(url, name, password));
    }

    /**
     * Revokes {@code CONNECT} from {@code PUBLIC} on every database that allows connections and
     * grants it, keeping it for the management login on the database it works in.
     */
    private void revokePublicConnect(Connection c) throws SQLException {
        List<String> open = databases(c, "SELECT datname FROM pg_database WHERE datallowconn "
                + "AND has_database_privilege('public', oid, 'CONNECT') ORDER BY 1", null);
        if (open.isEmpty()) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("GRANT CONNECT ON DATABASE " + Sql.identifier(c.getCatalog()) + " TO CURRENT_USER");
            for (String database : open) {
                s.execute("REVOKE CONNECT ON DATABASE " + Sql.identifier(database) + " FROM PUBLIC");
            }
        }
    }

    /**
     * @throws FahrenConfigurationException when the new login could connect to a database other
     *         than its own: PostgreSQL grants CONNECT to PUBLIC on every new database
     */
    private void checkConnectsNowhereElse(Connection c, TenantId tenantId, String role) throws SQLException {
        List<String> elsewhere = databases(c, "SELECT datname FROM pg_database WHERE datallowconn "
                + "AND has_database_privilege(?, oid, 'CONNECT') ORDER BY 1", role);
        if (!elsewhere.isEmpty()) {
            throw new FahrenConfigurationException("Tenant '" + tenantId + "' was not created: its login could "
                    + "connect to the databases " + elsewhere + ", because PUBLIC has CONNECT on them. Set "
                    + "fahren.postgres.database.revoke-public-connect=true (DatabaseOptions.revokePublicConnect) "
                    + "to have Fahren revoke it, or run REVOKE CONNECT ON DATABASE <name> FROM PUBLIC on each and "
                    + "GRANT CONNECT to the roles that need them.");
        }
    }

    private static List<String> databases(Connection c, String sql, String role) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (role != null) {
                p.setString(1, role);
            }
            List<String> names = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    @Override
    public void deprovision(TenantId tenantId) throws SQLException {
        pools.close(tenantId);
        String quoted = Sql.identifier(strategy.name(tenantId));
        try (Connection c = managementPool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quoted + (options.forceOnDelete() ? " WITH (FORCE)" : ""));
            s.execute("DROP ROLE IF EXISTS " + quoted);
        }
        secrets.delete(tenantId, DatabaseStrategy.RESOURCE);
    }

    /** Closes this process's pool, switches the login off and ends its sessions (other processes' included). */
    @Override
    public void suspend(TenantId tenantId) throws SQLException {
        pools.close(tenantId);
        try (Connection c = managementPool.getConnection()) {
            TenantLogins.suspend(c, strategy.name(tenantId));
        }
    }

    @Override
    public void resume(TenantId tenantId) throws SQLException {
        try (Connection c = managementPool.getConnection()) {
            TenantLogins.resume(c, strategy.name(tenantId));
        }
    }

    @Override
    public void rotateCredentials(TenantId tenantId) throws SQLException {
        new LoginRotation(managementPool, secrets, DatabaseStrategy.RESOURCE, pools, options.passwordGenerator())
                .rotate(tenantId, strategy.name(tenantId));
    }
}
