package io.fahren.postgres.impl;

import io.fahren.TenantId;
import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.PostgresConnection;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
        this.pools = new TenantPools(options.pools(), secrets);
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
    public TenantConnections connections(PostgresConnection login) {
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
    static String withDatabase(String url, String database) {
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
