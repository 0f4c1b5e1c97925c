package io.fahren.postgres.impl.database;

import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.Tenant;
import io.fahren.TenantAttributes;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.UnknownTenantException;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresEngine;
import io.fahren.postgres.TenantPlacement;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.impl.pool.ServerAddress;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.postgres.impl.sql.TenantLogins;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.spi.TenantRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Moves of database-per-tenant tenants between servers, step by step, each step recorded in the
 * tenant's attributes so that a crash at any point is settled to exactly one server:
 *
 * <ol>
 *   <li>{@link #begin}: the attribute {@value #MOVING} names the target;</li>
 *   <li>{@link #copy} (the tenant suspended by the caller): role and database on the target,
 *       {@link TenantCopy} logged in there as the tenant's role, row counts checked;</li>
 *   <li>{@link #switchOver}: the commit point is the secret, stored with the target's URL and the
 *       new password; then {@value TenantPlacement#ATTRIBUTE} names the target,
 *       {@value #MOVED_FROM} the old server, and {@value #SWITCHED} allows the resume;</li>
 *   <li>{@link #settle} after the resume: {@value #MOVING} and {@value #SWITCHED} go;</li>
 *   <li>{@link #confirm}: drops the old copy, kept until then.</li>
 * </ol>
 *
 * {@link #settle} finishes a move a crash interrupted: forward when the secret already names the
 * target, else back (the target's copy dropped).
 */
final class DatabaseMoves implements PostgresEngine.Moves {

    /** The attribute naming the server a move is copying the tenant to. */
    static final String MOVING = "fahren.moving-to";
    /** Set once the secret names the target: resuming the tenant is allowed again. */
    static final String SWITCHED = "fahren.moving-switched";
    /** The attribute naming the server a moved tenant's old copy is still on. */
    static final String MOVED_FROM = "fahren.moved-from";

    private final DatabaseStrategy strategy;
    private final ServerPlacement placement;
    private final TenantRegistry registry;

    DatabaseMoves(DatabaseStrategy strategy, TenantRegistry registry) {
        this.strategy = strategy;
        this.placement = strategy.placement();
        this.registry = registry;
    }

    private Tenant tenant(TenantId tenantId) {
        return registry.find(tenantId).orElseThrow(() -> new UnknownTenantException(tenantId, "Tenant '" + tenantId
                + "' does not exist: create it before moving it."));
    }

    private TenantServer server(String name) {
        return placement.all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new FahrenConfigurationException("No tenant server is named '" + name + "': known are "
                        + placement.all().stream().map(TenantServer::name).toList() + "."));
    }

    private TenantServer current(TenantId tenantId) {
        return placement.locate(tenantId, registry, strategy.secrets()).orElseThrow(() -> new FahrenException(
                "Fahren cannot tell which server tenant '" + tenantId + "' is on (no attribute "
                        + TenantPlacement.ATTRIBUTE + ", no secret naming a configured server)."));
    }

    @Override
    public Optional<String> pending(TenantId tenantId) {
        return registry.find(tenantId).map(t -> t.attributes().get(MOVING));
    }

    @Override
    public String check(TenantId tenantId, String to) {
        Tenant tenant = tenant(tenantId);
        if (tenant.state() != TenantState.ACTIVE) {
            throw new FahrenException("Tenant '" + tenantId + "' is " + tenant.state() + ": only an ACTIVE tenant is moved.");
        }
        if (tenant.attributes().containsKey(MOVED_FROM)) {
            throw new FahrenException("Tenant '" + tenantId + "' was moved from '" + tenant.attributes().get(MOVED_FROM)
                    + "' and its old copy is kept there: confirm that move first (confirmMove).");
        }
        TenantServer target = server(to);
        TenantServer from = current(tenantId);
        if (from.name().equals(target.name())) {
            throw new FahrenException("Tenant '" + tenantId + "' is on '" + to + "' already.");
        }
        try (Connection source = connect(from, tenantId); Connection other = connect(target, null)) {
            requireSuperuser(source, from); // it reads tables the tenant owns; the target side logs in as the tenant
            try (java.sql.PreparedStatement p = other.prepareStatement("SELECT (SELECT count(*) FROM pg_catalog.pg_roles "
                    + "WHERE rolname = ?) + (SELECT count(*) FROM pg_catalog.pg_database WHERE datname = ?)")) {
                p.setString(1, strategy.name(tenantId));
                p.setString(2, strategy.name(tenantId));
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        // a move drops what it made on the target when it fails: it must not find anything there
                        throw new FahrenException("Server '" + to + "' has a role or database named "
                                + strategy.name(tenantId) + " already; Fahren will not move tenant '" + tenantId
                                + "' onto it. Remove them there if they are left from an earlier attempt.");
                    }
                }
            }
            List<String> unsupported = TenantCopy.unsupported(source, strategy.options().schemas());
            if (!unsupported.isEmpty()) {
                throw new FahrenException("Tenant '" + tenantId + "' cannot be moved by Fahren: it copies tables, "
                        + "sequences, constraints and indexes, and this database also has " + unsupported
                        + ". Move it with pg_dump and pg_restore, then update its secret and attribute "
                        + TenantPlacement.ATTRIBUTE + ".");
            }
        } catch (SQLException e) {
            throw new FahrenException("Checking the move of tenant '" + tenantId + "' to '" + to + "' failed: "
                    + e.getMessage(), e);
        }
        return from.name();
    }

    @Override
    public void begin(TenantId tenantId, String to) {
        record(tenantId, Map.of(MOVING, to), List.of());
    }

    @Override
    public Map<String, Long> copy(TenantId tenantId) {
        Tenant tenant = tenant(tenantId);
        TenantServer from = current(tenantId);
        TenantServer to = server(tenant.attributes().get(MOVING));
        String name = strategy.name(tenantId);
        try {
            // The copy on the target runs logged in as the tenant's own role, never as a superuser
            // acting as it: what the tenant's objects evaluate there (defaults, checks, generated
            // columns, index expressions) runs with the tenant's rights only. The role gets a
            // one-time password for the copy and is switched off after it; the switch sets the
            // password the tenant keeps, and the resume switches it on.
            String copyPassword = TenantLogins.newPassword(strategy.options().passwordGenerator());
            try (Connection c = ServerPlacement.answering(placement.pool(to)); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + Sql.identifier(name) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                        + "NOBYPASSRLS NOREPLICATION");
                TenantLogins.setPassword(c, name, copyPassword);
                DatabaseResource.connectOnlyToOwn(c, strategy.options(), tenantId, name);
            }
            DatabaseResource.createDatabase(strategy.options(), placement.pool(to), to.login(), name);
            Map<String, Long> rows;
            try (Connection source = connect(from, tenantId);
                    Connection target = connect(DatabaseStrategy.withDatabase(to.login().url(), name), name, copyPassword)) {
                source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                source.setAutoCommit(false);
                source.setReadOnly(true);
                rows = new TenantCopy(source, target, strategy.options().schemas()).copy(tenantId);
                source.rollback();
            } catch (SQLException | RuntimeException e) {
                try {
                    switchOff(to, name);
                } catch (SQLException off) {
                    e.addSuppressed(off);
                }
                throw e;
            }
            switchOff(to, name);
            return rows;
        } catch (SQLException e) {
            throw new FahrenException("Copying tenant '" + tenantId + "' from '" + from.name() + "' to '" + to.name()
                    + "' failed: " + e.getMessage(), e);
        }
    }

    /** NOLOGIN on the target, and the copy's session ended, until the resume switches it on. */
    private void switchOff(TenantServer to, String role) throws SQLException {
        try (Connection c = ServerPlacement.answering(placement.pool(to))) {
            TenantLogins.suspend(c, role);
        }
    }

    @Override
    public void switchOver(TenantId tenantId) {
        Tenant tenant = tenant(tenantId);
        TenantServer to = server(tenant.attributes().get(MOVING));
        TenantServer from = current(tenantId);
        String name = strategy.name(tenantId);
        String password = TenantLogins.newPassword(strategy.options().passwordGenerator());
        try (Connection c = ServerPlacement.answering(placement.pool(to))) {
            TenantLogins.setPassword(c, name, password);
        } catch (SQLException e) {
            throw new FahrenException("Setting the password of tenant '" + tenantId + "' on '" + to.name() + "' failed: "
                    + e.getMessage(), e);
        }
        // the commit point: from here on the tenant lives on the target
        strategy.secrets().store(tenantId, DatabaseStrategy.RESOURCE,
                new ConnectionSecret(DatabaseStrategy.withDatabase(to.login().url(), name), name, password));
        finish(tenantId, to.name(), from.name());
    }

    private void finish(TenantId tenantId, String to, String from) {
        record(tenantId, Map.of(TenantPlacement.ATTRIBUTE, to, MOVED_FROM, from, SWITCHED, "true"), List.of());
        strategy.pools().close(tenantId);
    }

    @Override
    public boolean settle(TenantId tenantId) {
        Optional<String> moving = pending(tenantId);
        if (moving.isEmpty()) {
            return false;
        }
        TenantServer to = server(moving.get());
        if (tenant(tenantId).attributes().containsKey(SWITCHED)) {
            record(tenantId, Map.of(), List.of(MOVING, SWITCHED)); // switched and resumed: the move is over
            return true;
        }
        String secretAt;
        try {
            secretAt = ServerAddress.of(strategy.secrets().load(tenantId, DatabaseStrategy.RESOURCE).url());
        } catch (SecretNotFoundException e) {
            secretAt = null;
        }
        if (ServerAddress.of(to.login().url()).equals(secretAt)) {
            // the secret was switched: the tenant lives on the target; finish the records
            String from = tenant(tenantId).attributes().get(TenantPlacement.ATTRIBUTE);
            finish(tenantId, to.name(), from == null ? to.name() : from);
            record(tenantId, Map.of(), List.of(MOVING, SWITCHED));
            return true;
        }
        dropOn(to, tenantId);
        record(tenantId, Map.of(), List.of(MOVING));
        return true;
    }

    @Override
    public Optional<String> confirm(TenantId tenantId) {
        String from = tenant(tenantId).attributes().get(MOVED_FROM);
        if (from == null) {
            return Optional.empty();
        }
        dropOn(server(from), tenantId);
        record(tenantId, Map.of(), List.of(MOVED_FROM));
        return Optional.of(from);
    }

    private void dropOn(TenantServer server, TenantId tenantId) {
        String quoted = Sql.identifier(strategy.name(tenantId));
        try (Connection c = ServerPlacement.answering(placement.pool(server)); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + quoted);
        } catch (SQLException e) {
            throw new FahrenException("Dropping the copy of tenant '" + tenantId + "' on '" + server.name() + "' failed: "
                    + e.getMessage(), e);
        }
    }

    private void record(TenantId tenantId, Map<String, String> put, List<String> remove) {
        Map<String, String> attributes = new LinkedHashMap<>(tenant(tenantId).attributes());
        attributes.putAll(put);
        remove.forEach(attributes::remove);
        registry.putAttributes(tenantId, TenantAttributes.of(attributes));
    }

    private static void requireSuperuser(Connection c, TenantServer server) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                throw new FahrenConfigurationException("Moving a tenant away from a server needs a superuser "
                        + "management login there (it reads tables the tenant owns); the login of '" + server.name()
                        + "' is not one.");
            }
        }
    }

    /**
     * @param server a server
     * @param tenantId the tenant whose database to open, or null for the server's management database
     * @return a connection as the server's management login
     */
    private Connection connect(TenantServer server, TenantId tenantId) throws SQLException {
        PostgresConnection login = server.login();
        String url = tenantId == null ? login.url() : DatabaseStrategy.withDatabase(login.url(), strategy.name(tenantId));
        return connect(url, login.username(), login.password());
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return new org.postgresql.Driver().connect(url, properties);
    }
}
