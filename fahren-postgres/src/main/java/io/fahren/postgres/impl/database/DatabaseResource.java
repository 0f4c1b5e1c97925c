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
import io.fahren.FahrenException;
import io.fahren.postgres.TenantPlacement;
import io.fahren.postgres.TenantServer;
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
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The management side of database per tenant: creates the tenant's LOGIN role and database (from
 * the template, {@code CONNECT} revoked from {@code PUBLIC}), stores the role's password in the
 * secrets provider, and removes all three. With several servers each step runs on the tenant's
 * server: the one the placement chose when it was created.
 */
final class DatabaseResource implements TenantResource {

    private final DatabaseStrategy strategy;
    private final DatabaseOptions options;
    private final TenantSecrets secrets;
    private final TenantPools pools;
    private final PostgresConnection management;
    private final DataSource managementPool;
    /** Where tenants go with several servers; null with one (the management login's server). */
    private final ServerPlacement placement;
    private final TenantRegistry registry;

    /** A server to work on: its management pool and login. */
    private record Target(String name, DataSource pool, PostgresConnection login) {

        /**
         * @return a management connection that answers: a pooled one left from before the server
         *         restarted is dropped and another taken, so a restart costs no failed step
         */
        Connection connect() throws SQLException {
            return name == null ? pool.getConnection() : ServerPlacement.answering(pool);
        }
    }

    DatabaseResource(DatabaseStrategy strategy, DataSource managementPool, TenantRegistry registry) {
        this.strategy = strategy;
        this.options = strategy.options();
        this.secrets = strategy.secrets();
        this.pools = strategy.pools();
        this.management = strategy.management();
        this.managementPool = managementPool;
        this.placement = strategy.placement();
        this.registry = registry;
        if (placement != null && registry == null) {
            throw new IllegalStateException("Placing tenants on several servers needs the tenant registry");
        }
    }

    @Override
    public String name() {
        return DatabaseStrategy.RESOURCE;
    }

    private Target home() {
        return new Target(null, managementPool, management);
    }

    private Target target(TenantServer server) {
        return new Target(server.name(), placement.pool(server), server.login());
    }

    /** @return the server the tenant's database is on */
    private Target located(TenantId tenantId) {
        if (placement == null) {
            return home();
        }
        return placement.locate(tenantId, registry, secrets).map(this::target).orElseThrow(() -> new FahrenException(
                "Fahren cannot tell which PostgreSQL server tenant '" + tenantId + "' is on: it has no attribute "
                        + TenantPlacement.ATTRIBUTE + " and no connection secret naming a configured server."));
    }

    @Override
    public void provision(TenantId tenantId) throws Exception {
        try {
            create(tenantId, placement == null ? home() : target(placement.place(tenantId, registry)));
        } catch (Exception e) {
            try {
                deprovision(tenantId);
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void create(TenantId tenantId, Target target) throws SQLException {
        String name = strategy.name(tenantId);
        String password = TenantLogins.newPassword(options.passwordGenerator());
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + Sql.identifier(name)
                    + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION");
            TenantLogins.setPassword(c, name, password);
            connectOnlyToOwn(c, options, tenantId, name);
        }
        createDatabase(options, target.pool(), target.login(), name);
        secrets.store(tenantId, DatabaseStrategy.RESOURCE,
                new ConnectionSecret(DatabaseStrategy.withDatabase(target.login().url(), name), name, password));
    }

    /**
     * Makes sure the tenant's new role can connect to no database but the one about to be created
     * for it: revokes {@code CONNECT} from {@code PUBLIC} where the options ask for it, else refuses.
     */
    static void connectOnlyToOwn(Connection c, DatabaseOptions options, TenantId tenantId, String role)
            throws SQLException {
        if (options.revokePublicConnect()) {
            revokePublicConnect(c);
        }
        checkConnectsNowhereElse(c, tenantId, role);
    }

    /**
     * Creates the tenant's database (owned by the management login, {@code CONNECT} for its role
     * only) and gives the role its rights on the database's schemas.
     *
     * @param options the strategy's options
     * @param pool the server's management pool
     * @param login the server's management login, whose URL names the server
     * @param name the tenant's database and role name
     */
    static void createDatabase(DatabaseOptions options, DataSource pool, PostgresConnection login, String name)
            throws SQLException {
        String quoted = Sql.identifier(name);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quoted
                    + (options.template() == null ? "" : " TEMPLATE " + Sql.identifier(options.template())));
            s.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + quoted + " FROM PUBLIC");
            s.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + quoted + " TO " + quoted);
        }
        PGSimpleDataSource tenantDb = new PGSimpleDataSource();
        tenantDb.setURL(DatabaseStrategy.withDatabase(login.url(), name));
        tenantDb.setUser(login.username());
        tenantDb.setPassword(login.password());
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
    }

    /**
     * Revokes {@code CONNECT} from {@code PUBLIC} on every database that allows connections and
     * grants it, keeping it for the management login on the database it works in.
     */
    private static void revokePublicConnect(Connection c) throws SQLException {
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
    private static void checkConnectsNowhereElse(Connection c, TenantId tenantId, String role) throws SQLException {
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

    /**
     * Drops the tenant's database and role on its server, and on the servers a move left a copy
     * on (the old copy not yet confirmed, or the new one of a move in progress); with several
     * servers and no record of which (a create that failed before it recorded one), on every
     * server, each {@code IF EXISTS}.
     */
    @Override
    public void deprovision(TenantId tenantId) throws SQLException {
        pools.close(tenantId);
        String quoted = Sql.identifier(strategy.name(tenantId));
        List<Target> targets = placement == null ? List.of(home()) : placedOn(tenantId);
        for (Target target : targets) {
            try (Connection c = target.connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + quoted + (options.forceOnDelete() ? " WITH (FORCE)" : ""));
                s.execute("DROP ROLE IF EXISTS " + quoted);
            }
        }
        secrets.delete(tenantId, DatabaseStrategy.RESOURCE);
    }

    private List<Target> placedOn(TenantId tenantId) {
        Optional<TenantServer> on = placement.locate(tenantId, registry, secrets);
        if (on.isEmpty()) {
            return placement.all().stream().map(this::target).toList();
        }
        return ServerMoves.withCopies(placement, registry, on.get(), tenantId).stream().map(this::target).toList();
    }

    /** Closes this process's pool, switches the login off and ends its sessions (other processes' included). */
    @Override
    public void suspend(TenantId tenantId) throws SQLException {
        pools.close(tenantId);
        try (Connection c = located(tenantId).connect()) {
            TenantLogins.suspend(c, strategy.name(tenantId));
        }
    }

    @Override
    public void resume(TenantId tenantId) throws SQLException {
        if (placement != null) {
            ServerMoves.refuseResumeWhileMoving(registry, tenantId);
        }
        try (Connection c = located(tenantId).connect()) {
            TenantLogins.resume(c, strategy.name(tenantId));
        }
    }

    @Override
    public void rotateCredentials(TenantId tenantId) throws SQLException {
        new LoginRotation(located(tenantId).pool(), secrets, DatabaseStrategy.RESOURCE, pools, options.passwordGenerator())
                .rotate(tenantId, strategy.name(tenantId));
    }
}
