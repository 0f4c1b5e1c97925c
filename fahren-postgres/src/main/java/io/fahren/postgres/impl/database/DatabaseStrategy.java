package io.fahren.postgres.impl.database;

import io.fahren.secrets.ConnectionSecret;
import io.fahren.postgres.TenantDdl;
import io.fahren.postgres.PostgresEngine.Strategy;
import io.fahren.postgres.PostgresEngine.Connections;
import io.fahren.postgres.PostgresEngine.Moves;
import io.fahren.postgres.impl.pool.PerTenantPoolConnections;
import io.fahren.postgres.impl.pool.ServerCaps;
import io.fahren.postgres.impl.pool.TenantPools;
import io.fahren.TenantId;
import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.TenantServers;
import io.fahren.spi.TenantRegistry;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantResource;
import io.fahren.FahrenConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * A database and a LOGIN role per tenant, with the role's random password kept in the secrets
 * provider and a bounded cache of per-tenant pools.
 */
public final class DatabaseStrategy implements Strategy {

    /** The resource name in secret paths. */
    static final String RESOURCE = "postgres";
    private final PostgresConnection management;
    private final DatabaseOptions options;
    private final TenantSecrets secrets;
    private final TenantPools pools;
    private final ServerPlacement placement;

    /**
     * @param management the management login, whose URL the tenant URLs are derived from
     * @param options the strategy's options
     * @param secrets where tenant credentials are stored
     */
    public DatabaseStrategy(PostgresConnection management, DatabaseOptions options, TenantSecrets secrets) {
        this(management, options, secrets, null);
    }

    /**
     * @param management the management login, whose server keeps the registry
     * @param options the strategy's options
     * @param secrets where tenant credentials are stored
     * @param servers the servers tenant databases are placed on, or null for the management login's server
     */
    public DatabaseStrategy(PostgresConnection management, DatabaseOptions options, TenantSecrets secrets,
            TenantServers servers) {
        this.management = management;
        this.options = options;
        this.secrets = secrets;
        this.placement = servers == null ? null : new ServerPlacement(servers, options.prefix(), false);
        this.pools = new TenantPools(options.pools(), secrets, DatabaseStrategy::checkOnlyOwnDatabase,
                ServerCaps.of(servers));

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
        return resource(managementPool, null);
    }

    @Override
    public TenantResource resource(DataSource managementPool, TenantRegistry registry) {
        return new DatabaseResource(this, managementPool, registry);
    }

    @Override
    public Moves moves(TenantRegistry registry) {
        if (placement == null) {
            return Strategy.super.moves(registry);
        }
        return new DatabaseMoves(this, registry);
    }

    /** @return where tenants are placed with several servers; null with one */
    ServerPlacement placement() {
        return placement;
    }

    @Override
    public Connections connections(PostgresConnection login) {
        return new PerTenantPoolConnections(pools, options.pools());
    }

    /**
     * The tenant's own login, in its own database, so that what the changes create is the
     * tenant's.
     *
     * @throws io.fahren.secrets.SecretNotFoundException when its credentials are missing
     */
    /** Migrations count against fahren.postgres.pool.max-connections, as the tenant pools do. */
    @Override
    public DataSource capped(DataSource connections) {
        return pools.capped(connections);
    }

    @Override
    public TenantDdl ddl(PostgresConnection management, TenantId tenantId) {
        ConnectionSecret own = secrets.load(tenantId, RESOURCE);
        return new TenantDdl(PostgresConnection.of(own.url(), own.username(), own.password()), null, null, false);
    }

    /** @return where tenant credentials are stored */
    TenantSecrets secrets() {
        return secrets;
    }

    /** @return the management login, whose URL the tenant URLs are derived from */
    PostgresConnection management() {
        return management;
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

    @Override
    public void close() {
        try {
            pools.close();
        } finally {
            if (placement != null) {
                placement.close();
            }
        }
    }
}
