package io.fahren.postgres.impl.database;

import io.fahren.TenantId;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.impl.pool.ServerAddress;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.postgres.impl.sql.TenantLogins;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.spi.TenantRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Moves of database-per-tenant tenants between servers ({@link ServerMoves}): the tenant's role
 * and database are created on the target, its database copied into the new one, and its secret,
 * stored with the target's URL and a new password, is the commit point.
 */
final class DatabaseMoves extends ServerMoves {

    private final DatabaseStrategy strategy;

    DatabaseMoves(DatabaseStrategy strategy, TenantRegistry registry) {
        super(strategy.placement(), registry, strategy.secrets(), "database",
                "SELECT count(*) FROM pg_catalog.pg_database WHERE datname = ?", strategy.options().passwordGenerator());
        this.strategy = strategy;
    }

    @Override
    protected String name(TenantId tenantId) {
        return strategy.name(tenantId);
    }

    @Override
    protected String objectName(TenantId tenantId) {
        return name(tenantId);
    }

    @Override
    protected List<String> unsupported(Connection source, TenantId tenantId) throws SQLException {
        return TenantCopy.unsupported(source, strategy.options().schemas(), true);
    }

    /** The tenant's database, as the server's management login. */
    @Override
    protected Connection connectSource(TenantServer server, TenantId tenantId) throws SQLException {
        PostgresConnection login = server.login();
        return connect(DatabaseStrategy.withDatabase(login.url(), name(tenantId)), login.username(), login.password());
    }

    @Override
    protected void create(TenantServer to, TenantId tenantId, String password) throws SQLException {
        String name = name(tenantId);
        try (Connection c = ServerPlacement.answering(placement.pool(to)); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + Sql.identifier(name) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                    + "NOBYPASSRLS NOREPLICATION");
            TenantLogins.setPassword(c, name, password);
            DatabaseResource.connectOnlyToOwn(c, strategy.options(), tenantId, name);
        }
        DatabaseResource.createDatabase(strategy.options(), placement.pool(to), to.login(), name);
    }

    @Override
    protected Connection connectTarget(TenantServer to, TenantId tenantId, String password) throws SQLException {
        String name = name(tenantId);
        return connect(DatabaseStrategy.withDatabase(to.login().url(), name), name, password);
    }

    @Override
    protected List<String> schemas(TenantId tenantId) {
        return strategy.options().schemas();
    }

    /** A new password on the target, then the secret with the target's URL: the commit point. */
    @Override
    protected void commit(TenantServer to, TenantId tenantId) {
        String name = name(tenantId);
        String password = newPassword();
        try (Connection c = ServerPlacement.answering(placement.pool(to))) {
            TenantLogins.setPassword(c, name, password);
        } catch (SQLException e) {
            throw new io.fahren.FahrenException("Setting the password of tenant '" + tenantId + "' on '" + to.name()
                    + "' failed: " + e.getMessage(), e);
        }
        strategy.secrets().store(tenantId, DatabaseStrategy.RESOURCE,
                new ConnectionSecret(DatabaseStrategy.withDatabase(to.login().url(), name), name, password));
    }

    @Override
    protected boolean committed(TenantServer to, TenantId tenantId) {
        try {
            return ServerAddress.of(to.login().url()).equals(
                    ServerAddress.of(strategy.secrets().load(tenantId, DatabaseStrategy.RESOURCE).url()));
        } catch (SecretNotFoundException e) {
            return false;
        }
    }

    @Override
    protected void switched(TenantId tenantId) {
        strategy.pools().close(tenantId);
    }

    @Override
    protected void dropOn(TenantServer server, TenantId tenantId) throws SQLException {
        String quoted = Sql.identifier(name(tenantId));
        try (Connection c = ServerPlacement.answering(placement.pool(server)); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + quoted);
        }
    }
}
