package io.fahren.postgres.impl;

import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.Tenants;
import io.fahren.postgres.ConnectionWork;
import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.PostgresConnection;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantResource;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
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
        this.pools = new TenantPools(options, secrets);
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
        return new Connections();
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
            String password = options.passwordGenerator().get();
            if (password == null || password.length() < 32) {
                throw new IllegalStateException("The password generator made a password shorter than 32 characters; "
                        + "tenant passwords must be at least 32 characters");
            }
            try (Connection c = managementPool.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + quoted + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION");
                // the driver sends a SCRAM verifier computed here, never the password itself
                c.unwrap(PGConnection.class).alterUserPassword(name, password.toCharArray(), "scram-sha-256");
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

    private final class Connections implements TenantConnections {

        @Override
        public <T> T call(TenantId tenantId, ConnectionWork<T> work) throws SQLException {
            try (Connection c = connection(tenantId)) {
                return work.apply(c);
            }
        }

        @Override
        public DataSource dataSource(ActiveTenants active) {
            return new TenantDataSource(() -> {
                TenantId id = Tenants.require();
                active.require(id);
                return connection(id);
            }, c -> { }, c -> { });
        }

        private Connection connection(TenantId tenantId) throws SQLException {
            try {
                return pools.connection(tenantId);
            } catch (SQLTransientConnectionException e) {
                throw new FahrenException("No connection for tenant '" + tenantId + "' within "
                        + options.connectionTimeout().toMillis() + " ms: the tenant pools are at their cap of "
                        + options.maxConnections() + " server connections (fahren.postgres.pool.max-connections) or the "
                        + "tenant's pool of " + options.tenantPoolSize() + " is busy. Raise the limits or shorten "
                        + "transactions. Now: " + pools.describe() + ".", e);
            }
        }

        @Override
        public HikariDataSource sharedPool() {
            return null;
        }

        /** The pools belong to the strategy and close with {@code Postgres}. */
        @Override
        public void close() {
        }
    }

    @Override
    public void close() {
        pools.close();
    }
}
