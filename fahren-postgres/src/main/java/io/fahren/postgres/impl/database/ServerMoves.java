package io.fahren.postgres.impl.database;

import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.Tenant;
import io.fahren.TenantAttributes;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.UnknownTenantException;
import io.fahren.postgres.PostgresEngine;
import io.fahren.postgres.TenantPlacement;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.impl.sql.TenantLogins;
import io.fahren.secrets.TenantSecrets;
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
 * Moves of tenants between servers, step by step, each step recorded in the tenant's attributes so
 * that a crash at any point is settled to exactly one server:
 *
 * <ol>
 *   <li>{@link #begin}: the attribute {@value #MOVING} names the target;</li>
 *   <li>{@link #copy} (the tenant suspended by the caller): role and database (or schema) on the
 *       target, {@link TenantCopy} logged in there as the tenant's role with a one-time password,
 *       row counts checked, the role switched off again;</li>
 *   <li>{@link #switchOver}: the commit point ({@link #commit}: the secret stored with the
 *       target's URL; without per-tenant secrets, the attributes themselves); then
 *       {@value TenantPlacement#ATTRIBUTE} names the target, {@value #MOVED_FROM} the old server,
 *       and {@value #SWITCHED} allows the resume;</li>
 *   <li>{@link #settle} after the resume: {@value #MOVING} and {@value #SWITCHED} go;</li>
 *   <li>{@link #confirm}: drops the old copy, kept until then.</li>
 * </ol>
 *
 * {@link #settle} finishes a move a crash interrupted: forward when the commit point was passed,
 * else back (the target's copy dropped, the old one opened again). Subclasses say what a tenant
 * is on a server (a database, a schema) and how it is created, copied and dropped.
 */
public abstract class ServerMoves implements PostgresEngine.Moves {

    /** The attribute naming the server a move is copying the tenant to. */
    public static final String MOVING = "fahren.moving-to";
    /** Set once the move passed its commit point: resuming the tenant is allowed again. */
    public static final String SWITCHED = "fahren.moving-switched";
    /** The attribute naming the server a moved tenant's old copy is still on. */
    public static final String MOVED_FROM = "fahren.moved-from";

    /** Where tenants are. */
    protected final ServerPlacement placement;
    /** The registry, whose attributes record the steps. */
    protected final TenantRegistry registry;
    /** The tenants' secrets; null when tenants have none (a shared pool). */
    protected final TenantSecrets secrets;
    private final String kind;
    private final String countQuery;
    private final java.util.function.Supplier<String> passwords;

    /**
     * @param placement where tenants are
     * @param registry the registry
     * @param secrets the tenants' secrets, or null
     * @param kind what a tenant is on a server, for messages: "database" or "schema"
     * @param countQuery a query of one number, with the tenant's database or schema name as its
     *        parameter: how many of them a server has
     * @param passwords the strategy's password generator
     */
    protected ServerMoves(ServerPlacement placement, TenantRegistry registry, TenantSecrets secrets, String kind,
            String countQuery, java.util.function.Supplier<String> passwords) {
        this.placement = placement;
        this.registry = registry;
        this.secrets = secrets;
        this.kind = kind;
        this.countQuery = countQuery;
        this.passwords = passwords;
    }

    /**
     * @param registry the registry
     * @param tenantId a tenant
     * @throws FahrenException when a move of it has not passed its commit point: it stays suspended
     */
    public static void refuseResumeWhileMoving(TenantRegistry registry, TenantId tenantId) {
        Map<String, String> attributes = registry.find(tenantId).map(Tenant::attributes).orElse(Map.of());
        Optional<String> moving = Optional.ofNullable(attributes.get(MOVING));
        if (moving.isPresent() && !attributes.containsKey(SWITCHED)) {
            throw new FahrenException("Tenant '" + tenantId + "' is being moved to '" + moving.get() + "': it stays "
                    + "suspended until the move ends (Postgres.moveTenant), or settle the move first "
                    + "(Postgres.recoverMove) if it was interrupted.");
        }
    }

    /**
     * @param placement where tenants are
     * @param registry the registry
     * @param located the tenant's server
     * @param tenantId a tenant
     * @return its server, and the servers a move left a copy on (the old one not yet confirmed, the
     *         new one of a move in progress)
     */
    public static List<TenantServer> withCopies(ServerPlacement placement, TenantRegistry registry,
            TenantServer located, TenantId tenantId) {
        Map<String, String> attributes = registry.find(tenantId).map(Tenant::attributes).orElse(Map.of());
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        names.add(located.name());
        for (String key : List.of(MOVED_FROM, MOVING)) {
            if (attributes.containsKey(key)) {
                names.add(attributes.get(key));
            }
        }
        return placement.all().stream().filter(server -> names.contains(server.name())).toList();
    }

    /** @return the name of the tenant's role (and database or schema) */
    protected abstract String name(TenantId tenantId);

    /** @return the name of the tenant's database or schema */
    protected abstract String objectName(TenantId tenantId);

    /** @return whether the target has a role, database or schema of the tenant's names already */
    private boolean occupied(Connection target, TenantId tenantId) throws SQLException {
        try (java.sql.PreparedStatement p = target.prepareStatement("SELECT (SELECT count(*) FROM pg_catalog.pg_roles "
                + "WHERE rolname = ?) + (" + countQuery + ")")) {
            p.setString(1, name(tenantId));
            p.setString(2, objectName(tenantId));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** @return what {@link TenantCopy} cannot copy from the source, one line each */
    protected abstract List<String> unsupported(Connection source, TenantId tenantId) throws SQLException;

    /** @return a superuser connection to where the tenant's tables are on {@code server} */
    protected abstract Connection connectSource(TenantServer server, TenantId tenantId) throws SQLException;

    /** Creates the tenant's role (LOGIN, with {@code password}) and its database or schema on the target. */
    protected abstract void create(TenantServer to, TenantId tenantId, String password) throws SQLException;

    /** @return a connection to the tenant's new database (or the target's database) as its role */
    protected abstract Connection connectTarget(TenantServer to, TenantId tenantId, String password) throws SQLException;

    /** @return a new password for the tenant's role, from the strategy's generator */
    protected final String newPassword() {
        return TenantLogins.newPassword(passwords);
    }

    /** @return the schemas the tenant's tables are in */
    protected abstract List<String> schemas(TenantId tenantId);

    /**
     * Runs on the old server after the tenant was suspended and before the copy's snapshot: makes
     * sure nothing writes the old copy any more. Nothing by default (suspending ends the tenant's
     * own sessions).
     */
    protected void fence(TenantServer from, TenantId tenantId) throws SQLException {
    }

    /** Undoes {@link #fence} when a move goes back. */
    protected void unfence(TenantServer from, TenantId tenantId) throws SQLException {
    }

    /**
     * The commit point, before the attributes change: with secrets, the secret names the target.
     *
     * @param to the target
     * @param tenantId the tenant
     */
    protected abstract void commit(TenantServer to, TenantId tenantId);

    /** @return whether {@link #commit} happened (the secret names the target) */
    protected abstract boolean committed(TenantServer to, TenantId tenantId);

    /** After the switch: this process's pools of the tenant go. */
    protected void switched(TenantId tenantId) {
    }

    /** Drops the tenant's role and database or schema on a server; nothing there is fine. */
    protected abstract void dropOn(TenantServer server, TenantId tenantId) throws SQLException;

    /** @return the tenant's record */
    protected Tenant tenant(TenantId tenantId) {
        return registry.find(tenantId).orElseThrow(() -> new UnknownTenantException(tenantId, "Tenant '" + tenantId
                + "' does not exist: create it before moving it."));
    }

    /** @return the configured server of that name */
    protected TenantServer server(String name) {
        return placement.all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new FahrenConfigurationException("No tenant server is named '" + name + "': known are "
                        + placement.all().stream().map(TenantServer::name).toList() + "."));
    }

    /** @return the tenant's server */
    protected TenantServer current(TenantId tenantId) {
        return placement.locate(tenantId, registry, secrets).orElseThrow(() -> new FahrenException(
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
        try (Connection source = connectSource(from, tenantId);
                Connection other = ServerPlacement.answering(placement.pool(target))) {
            requireSuperuser(source, from); // it reads tables the tenant owns; the target side logs in as the tenant
            if (occupied(other, tenantId)) {
                // a move drops what it made on the target when it fails: it must not find anything there
                throw new FahrenException("Server '" + to + "' has a role or " + kind + " named " + name(tenantId)
                        + " already; Fahren will not move tenant '" + tenantId + "' onto it. Remove them there if "
                        + "they are left from an earlier attempt.");
            }
            List<String> unsupported = unsupported(source, tenantId);
            if (!unsupported.isEmpty()) {
                throw new FahrenException("Tenant '" + tenantId + "' cannot be moved by Fahren: it copies tables, "
                        + "sequences, constraints and indexes, and this " + kind + " also has " + unsupported
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
        try {
            // The copy on the target runs logged in as the tenant's own role, never as a superuser
            // acting as it: what the tenant's objects evaluate there (defaults, checks, generated
            // columns, index expressions) runs with the tenant's rights only. The role gets a
            // one-time password for the copy and is switched off after it; the switch sets the
            // password the tenant keeps, and the resume switches it on.
            String copyPassword = newPassword();
            create(to, tenantId, copyPassword);
            fence(from, tenantId);
            Map<String, Long> rows;
            try (Connection source = connectSource(from, tenantId);
                    Connection target = connectTarget(to, tenantId, copyPassword)) {
                source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                source.setAutoCommit(false);
                source.setReadOnly(true);
                rows = new TenantCopy(source, target, schemas(tenantId)).copy(tenantId);
                source.rollback();
            } catch (SQLException | RuntimeException e) {
                try {
                    switchOff(to, tenantId);
                } catch (SQLException off) {
                    e.addSuppressed(off);
                }
                throw e;
            }
            switchOff(to, tenantId);
            return rows;
        } catch (SQLException e) {
            throw new FahrenException("Copying tenant '" + tenantId + "' from '" + from.name() + "' to '" + to.name()
                    + "' failed: " + e.getMessage(), e);
        }
    }

    /** NOLOGIN on the target, and the copy's session ended, until the resume switches it on. */
    private void switchOff(TenantServer to, TenantId tenantId) throws SQLException {
        try (Connection c = ServerPlacement.answering(placement.pool(to))) {
            TenantLogins.suspend(c, name(tenantId));
        }
    }

    @Override
    public void switchOver(TenantId tenantId) {
        Tenant tenant = tenant(tenantId);
        TenantServer to = server(tenant.attributes().get(MOVING));
        TenantServer from = current(tenantId);
        commit(to, tenantId);
        finish(tenantId, to.name(), from.name());
    }

    private void finish(TenantId tenantId, String to, String from) {
        record(tenantId, Map.of(TenantPlacement.ATTRIBUTE, to, MOVED_FROM, from, SWITCHED, "true"), List.of());
        switched(tenantId);
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
        if (committed(to, tenantId)) {
            // the secret was switched: the tenant lives on the target; finish the records
            String from = tenant(tenantId).attributes().get(TenantPlacement.ATTRIBUTE);
            finish(tenantId, to.name(), from == null ? to.name() : from);
            record(tenantId, Map.of(), List.of(MOVING, SWITCHED));
            return true;
        }
        try {
            dropOn(to, tenantId);
            unfence(current(tenantId), tenantId);
        } catch (SQLException e) {
            throw new FahrenException("Undoing the move of tenant '" + tenantId + "' to '" + to.name() + "' failed: "
                    + e.getMessage(), e);
        }
        record(tenantId, Map.of(), List.of(MOVING));
        return true;
    }

    @Override
    public Optional<String> confirm(TenantId tenantId) {
        String from = tenant(tenantId).attributes().get(MOVED_FROM);
        if (from == null) {
            return Optional.empty();
        }
        try {
            dropOn(server(from), tenantId);
        } catch (SQLException e) {
            throw new FahrenException("Dropping the old copy of tenant '" + tenantId + "' on '" + from + "' failed: "
                    + e.getMessage(), e);
        }
        record(tenantId, Map.of(), List.of(MOVED_FROM));
        return Optional.of(from);
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
     * @param url a JDBC URL
     * @param user the user
     * @param password the password, or null
     * @return a new connection, outside any pool
     */
    protected static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return new org.postgresql.Driver().connect(url, properties);
    }
}
