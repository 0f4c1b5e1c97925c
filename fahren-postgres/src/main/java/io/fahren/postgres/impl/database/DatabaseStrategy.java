package io.fahren.postgres.impl.database;

import io.fahren.postgres.PostgresEngine.Strategy;
import io.fahren.postgres.PostgresEngine.Connections;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.postgres.impl.sql.TenantLogins;
import io.fahren.postgres.impl.pool.PerTenantPoolConnections;
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
 * A database and a LOGIN role per tenant, with the role's random password kept in the secrets
 * provider and a bounded cache of per-tenant pools.
 */
public final class DatabaseStrategy implements Strategy {

    private static final String RESOURCE = "postgres";
    private final PostgresConnection management;
    private final DatabaseOptions options;
    private final TenantSecrets secrets;
    private final TenantPools pools;

    /**
     * @param management the management login, whose URL the tenant URLs are derived from
     * @param options the strategy's options
     * @param secrets where tenant credentials are stored
     */
    public DatabaseStrategy(PostgresConnection management, DatabaseOptions options, TenantSecrets secrets) {
        this.management = management;
        this.options = options;
        this.secrets = secrets;
        this.pools = new TenantPools(options.pools(), secrets, DatabaseStrategy::checkOnlyOwnDatabase);
    }

    /**
     * Refuses a tenant login that can open a database other than its own (a tenant created before
     * {@code CONNECT} was revoked from {@code PUBLIC}, or a database created since). Run on the
     * first connection of each tenant pool, so the tenants side never serves from a login wider
     * than it should be; pools close when idle, so a long-running process checks again.
     */
    private static void checkOnlyOwnDatabase(TenantId tenantId, Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_catalog.string_agg(datname, "
                + "', ' ORDER BY datname) FROM pg_catalog.pg_database WHERE datallowconn AND datname OPERATOR(pg_catalog.<>) "
                + "pg_catalog.current_database() AND pg_catalog.has_database_privilege(oid, 'CONNECT')")) {
            rs.next();
            String elsewhere = rs.getString(1);
            if (elsewhere != null) {
                throw new FahrenConfigurationException("Fahren refuses the login of tenant '" + tenantId + "': it can "
                        + "connect to databases other than its own (" + elsewhere + "), because PUBLIC has CONNECT on "
                        + "them. Set fahren.postgres.database.revoke-public-connect=true (DatabaseOptions."
                        + "revokePublicConnect) and create a tenant, or REVOKE CONNECT ON DATABASE <name> FROM PUBLIC "
                        + "on each.");
            }
        }
    }

    @Override
    public DatabaseOptions options() {
        return options;
    }

    @Override
    public String description() {
        return "database per tenant";
    }

    @Override
    public List<String> setup(Connection c) {
        return List.of();
    }

    /** @return the tenant's database name, which is also its role name */
    public String name(TenantId tenantId) {
        return options.prefix() + tenantId.value();
    }

    @Override
    public TenantResource resource(DataSource managementPool) {
        return new Resource(managementPool);
    }

    @Override
    public Connections connections(PostgresConnection login) {
        return new PerTenantPoolConnections(pools, options.pools());
    }

    /** @return the pools, for tests and diagnostics */
    public TenantPools pools() {
        return pools;
    }

    /**
     * @param url a PostgreSQL JDBC URL
     * @param database another database
     * @return the same URL for that database
     */
    public static String withDatabase(String url, String database) {
        int hosts = url.indexOf("//") + 2;
        int slash = url.indexOf('/', hosts);
        int query = url.indexOf('?', hosts);
        String base = slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
        String rest = query < 0 ? "" : url.substring(query);
        return base + "/" + database + rest;
    }

    private final class Resource implements TenantResource {

        private final DataSource managementPool;

        Resource(DataSource managementPool) {
            this.managementPool = managementPool;
        }

        @Override
        public String name() {
            return RESOURCE;
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
            String name = DatabaseStrategy.this.name(tenantId);
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
            String url = withDatabase(management.url(), name);
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
            secrets.store(tenantId, RESOURCE, new ConnectionSecret(url, name, password));
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
            String quoted = Sql.identifier(DatabaseStrategy.this.name(tenantId));
            try (Connection c = managementPool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + quoted + (options.forceOnDelete() ? " WITH (FORCE)" : ""));
                s.execute("DROP ROLE IF EXISTS " + quoted);
            }
            secrets.delete(tenantId, RESOURCE);
        }
    }

    @Override
    public void close() {
        pools.close();
    }
}
