package io.fahren.postgres.impl.schema;

import io.fahren.postgres.impl.pool.LoginRotation;
import io.fahren.postgres.impl.pool.TenantPools;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.postgres.impl.sql.TenantLogins;
import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.postgres.TenantPlacement;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.impl.database.ServerMoves;
import io.fahren.postgres.impl.database.ServerPlacement;
import io.fahren.spi.TenantRegistry;
import io.fahren.postgres.SchemaOptions;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * Creates and drops a tenant's role and schema, each in one transaction. With per-tenant logins the
 * role can log in, its password goes to the secrets provider, its {@code search_path} is its
 * schema, and its pool is closed on delete; on several servers each step runs on the server the
 * placement chose for the tenant (recorded before anything is created).
 */
final class SchemaResource implements TenantResource {

    /** What per-tenant-login mode adds. */
    record Logins(TenantSecrets secrets, TenantPools pools, String url) {
    }

    /** A server to work on: its management pool and the URL tenant logins use there. */
    private record Server(DataSource pool, String url) {
    }

    private final DataSource management;
    private final SchemaIsolation naming;
    private final Logins logins;
    /** With per-tenant logins on several servers: where tenants go; else null. */
    private final ServerPlacement placement;
    private final TenantRegistry registry;

    /**
     * @param management the management data source
     * @param naming the schema and role names
     * @param logins per-tenant-login support, or null in shared-pool mode
     */
    SchemaResource(DataSource management, SchemaIsolation naming, Logins logins) {
        this(management, naming, logins, null, null);
    }

    /**
     * @param management the management data source
     * @param naming the schema and role names
     * @param logins per-tenant-login support
     * @param placement where tenants go when there are several servers, or null
     * @param registry the registry, which records a tenant's server
     */
    SchemaResource(DataSource management, SchemaIsolation naming, Logins logins, ServerPlacement placement,
            TenantRegistry registry) {
        this.management = management;
        this.naming = naming;
        this.logins = logins;
        this.placement = placement;
        this.registry = registry;
    }

    private Server home() {
        return new Server(management, logins == null ? null : logins.url());
    }

    private Server on(TenantServer server) {
        return new Server(placement.pool(server), server.login().url());
    }

    /** @return the server of the tenant's schema */
    private Server located(TenantId tenantId) {
        if (placement == null) {
            return home();
        }
        return placement.locate(tenantId, registry, secrets()).map(this::on).orElseThrow(() -> new FahrenException(
                "Fahren cannot tell which PostgreSQL server tenant '" + tenantId + "' is on: it has no attribute "
                        + TenantPlacement.ATTRIBUTE + " and no connection secret naming a configured server."));
    }

    /** @return the tenants' secrets; null in shared-pool mode */
    private TenantSecrets secrets() {
        return logins == null ? null : logins.secrets();
    }

    @Override
    public String name() {
        return "postgres";
    }

    /**
     * Creates the tenant's role and schema, the schema owned by the role; with {@code login} the
     * role can log in (its password set apart) and its {@code search_path} is its schema.
     *
     * @param s a statement of a management connection, in a transaction
     * @param naming the names
     * @param tenantId the tenant
     * @param login whether the role logs in (per-tenant logins, or a move's copy)
     */
    static void create(Statement s, SchemaIsolation naming, TenantId tenantId, boolean login) throws SQLException {
        String role = Sql.identifier(naming.role(tenantId));
        String schema = Sql.identifier(naming.schema(tenantId));
        s.execute("CREATE ROLE " + role + (login ? " LOGIN" : " NOLOGIN")
                + " NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
        s.execute("GRANT " + role + " TO CURRENT_USER WITH SET TRUE");
        s.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
        s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT ALL ON TABLES TO " + role);
        s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT ALL ON SEQUENCES TO " + role);
        if (login) {
            s.execute("ALTER ROLE " + role + " SET search_path TO " + schema + ", pg_temp");
        }
    }

    @Override
    public void provision(TenantId tenantId) throws Exception {
        SchemaOptions options = naming.options();
        String roleName = naming.role(tenantId);
        String role = Sql.identifier(roleName);
        String password = logins == null ? null : TenantLogins.newPassword(options.passwordGenerator());
        // a failed placement has created nothing (the registry row goes with the failed create)
        Server server = placement == null ? home() : on(placement.place(tenantId, registry));
        inTransaction(server.pool(), (c, s) -> {
            create(s, naming, tenantId, logins != null);
            if (logins == null) {
                grantToTenantLogins(s, role);
            } else {
                TenantLogins.setPassword(c, roleName, password);
            }
        });
        if (logins != null) {
            try {
                logins.secrets().store(tenantId, name(), new ConnectionSecret(server.url(), roleName, password));
            } catch (RuntimeException e) {
                try {
                    deprovision(tenantId);
                } catch (Exception cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    @Override
    public void deprovision(TenantId tenantId) throws SQLException {
        if (logins != null) {
            logins.pools().close(tenantId);
        }
        List<Server> servers = placement == null ? List.of(home())
                : placement.locate(tenantId, registry, secrets())
                        .map(found -> ServerMoves.withCopies(placement, registry, found, tenantId))
                        .orElseGet(placement::all).stream().map(this::on).toList();
        for (Server server : servers) {
            drop(server.pool(), naming, tenantId);
        }
        if (logins != null) {
            logins.secrets().delete(tenantId, name());
        }
    }

    /**
     * Drops the tenant's schema and role on one server; nothing there is fine.
     *
     * @param pool the server's management pool
     * @param naming the names
     * @param tenantId the tenant
     */
    static void drop(DataSource pool, SchemaIsolation naming, TenantId tenantId) throws SQLException {
        String role = Sql.identifier(naming.role(tenantId));
        String schema = Sql.identifier(naming.schema(tenantId));
        boolean roleExists;
        try (Connection c = pool.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            p.setString(1, naming.role(tenantId));
            try (ResultSet rs = p.executeQuery()) {
                roleExists = rs.next();
            }
        }
        Duration timeout = naming.options().deleteLockTimeout();
        try {
            inTransaction(pool, (c, s) -> {
                Sql.lockTimeout(c, timeout);
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                if (roleExists) {
                    s.execute("DROP OWNED BY " + role + " CASCADE");
                    s.execute("DROP ROLE " + role);
                }
            });
        } catch (SQLException e) {
            Sql.failIfLockTimedOut(e, tenantId, timeout, "open transactions that hold locks in its schema");
            throw e;
        }
    }

    /**
     * With per-tenant logins: closes this process's pool, switches the login off and ends its
     * sessions. In shared-pool mode: revokes the tenant role from the tenants-side logins, so
     * that {@code SET ROLE} to it fails on the server from the next statement on.
     */
    @Override
    public void suspend(TenantId tenantId) throws SQLException {
        String role = naming.role(tenantId);
        if (logins != null) {
            logins.pools().close(tenantId);
            try (Connection c = located(tenantId).pool().getConnection()) {
                TenantLogins.suspend(c, role);
            }
            return;
        }
        inTransaction(located(tenantId).pool(), (c, s) -> {
            for (String login : naming.options().tenantLogins()) {
                s.execute("REVOKE " + Sql.identifier(role) + " FROM " + Sql.identifier(login));
            }
        });
    }

    @Override
    public void resume(TenantId tenantId) throws SQLException {
        if (placement != null) {
            ServerMoves.refuseResumeWhileMoving(registry, tenantId);
        }
        String role = naming.role(tenantId);
        if (logins != null) {
            try (Connection c = located(tenantId).pool().getConnection()) {
                TenantLogins.resume(c, role);
            }
            return;
        }
        inTransaction(located(tenantId).pool(), (c, s) -> grantToTenantLogins(s, Sql.identifier(role)));
    }

    /** Lets the tenants-side logins {@code SET ROLE} to the tenant role, without inheriting its rights. */
    private void grantToTenantLogins(Statement s, String quotedRole) throws SQLException {
        for (String login : naming.options().tenantLogins()) {
            s.execute("GRANT " + quotedRole + " TO " + Sql.identifier(login) + " WITH INHERIT FALSE, SET TRUE");
        }
    }

    /** Per-tenant logins only: a shared-pool tenant role has no password (it is NOLOGIN). */
    @Override
    public void rotateCredentials(TenantId tenantId) throws SQLException {
        if (logins != null) {
            new LoginRotation(located(tenantId).pool(), logins.secrets(), name(), logins.pools(),
                    naming.options().passwordGenerator())
                    .rotate(tenantId, naming.role(tenantId));
        }
    }

    /**
     * Runs the steps in one transaction on a connection of the pool; rolled back when one fails.
     *
     * @param pool a management pool
     * @param steps the steps
     */
    static void inTransaction(DataSource pool, SqlSteps steps) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                steps.run(c, s);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Statements to run in one transaction. */
    @FunctionalInterface
    interface SqlSteps {
        void run(Connection c, Statement s) throws SQLException;
    }
}
