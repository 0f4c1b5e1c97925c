package io.fahren.postgres.impl.schema;

import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.internal.ActiveTenants;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.impl.database.ServerMoves;
import io.fahren.postgres.impl.database.ServerPlacement;
import io.fahren.postgres.impl.database.TenantCopy;
import io.fahren.postgres.impl.pool.ServerAddress;
import io.fahren.postgres.impl.pool.TenantPools;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.postgres.impl.sql.TenantLogins;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.spi.TenantRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves of schema-per-tenant tenants between servers ({@link ServerMoves}): the tenant's role and
 * schema are created in the target server's database and the schema's tables copied into it.
 *
 * <p>With per-tenant logins the secret, stored with the target's URL and a new password, is the
 * commit point; suspending switched the login off and ended its sessions. With a shared pool there
 * is no secret: the commit point is the attribute {@value io.fahren.postgres.TenantPlacement#ATTRIBUTE}
 * naming the target, which tenant connections route by. A shared pool's server sessions that were
 * bound to the tenant before it was suspended are not ended by the suspension, so the old copy is
 * fenced before the copy's snapshot: the tenant's role loses every privilege on its old tables and
 * sequences (the role owns them, and an owner's privileges can be revoked), processes are given
 * the registry cache's lifetime to see the suspension, and writes still in flight are waited for
 * (a {@code SHARE} lock on each table). A move that goes back grants them again.
 */
final class SchemaMoves extends ServerMoves {

    private final SchemaIsolation naming;
    /** This process's per-tenant pools; null with a shared pool. */
    private final TenantPools pools;

    /**
     * @param naming the schema and role names
     * @param placement where tenants are
     * @param logins per-tenant logins (secrets and pools), or null with a shared pool
     * @param registry the registry
     */
    SchemaMoves(SchemaIsolation naming, ServerPlacement placement, SchemaResource.Logins logins, TenantRegistry registry) {
        super(placement, registry, logins == null ? null : logins.secrets(), "schema",
                "SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = ?", naming.options().passwordGenerator());
        this.naming = naming;
        this.pools = logins == null ? null : logins.pools();
    }

    @Override
    protected String name(TenantId tenantId) {
        return naming.role(tenantId);
    }

    @Override
    protected String objectName(TenantId tenantId) {
        return naming.schema(tenantId);
    }

    @Override
    protected List<String> unsupported(Connection source, TenantId tenantId) throws SQLException {
        return TenantCopy.unsupported(source, schemas(tenantId), false);
    }

    /**
     * The server's database as its management login, with only {@code pg_catalog} on the
     * {@code search_path}, so that every name the copy's DDL holds comes qualified with its schema.
     */
    @Override
    protected Connection connectSource(TenantServer server, TenantId tenantId) throws SQLException {
        PostgresConnection login = server.login();
        Connection c = connect(login.url(), login.username(), login.password());
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO pg_catalog");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    protected void create(TenantServer to, TenantId tenantId, String password) throws SQLException {
        SchemaResource.inTransaction(placement.pool(to), (c, s) -> {
            SchemaResource.create(s, naming, tenantId, true);
            TenantLogins.setPassword(c, naming.role(tenantId), password);
        });
    }

    @Override
    protected Connection connectTarget(TenantServer to, TenantId tenantId, String password) throws SQLException {
        return connect(to.login().url(), naming.role(tenantId), password);
    }

    @Override
    protected List<String> schemas(TenantId tenantId) {
        return List.of(naming.schema(tenantId));
    }

    /** With a shared pool: see the class comment. With per-tenant logins the suspension fenced it. */
    @Override
    protected void fence(TenantServer from, TenantId tenantId) throws SQLException {
        if (pools != null) {
            return;
        }
        privileges(from, tenantId, "REVOKE ALL ON ALL %s IN SCHEMA %s FROM %s");
        try {
            Thread.sleep(ActiveTenants.TTL.toMillis()); // no process starts a checkout of the tenant after this
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FahrenException("Interrupted while moving tenant '" + tenantId + "'; recover it with "
                    + "Postgres.recoverMove.", e);
        }
        try (Connection c = ServerPlacement.answering(placement.pool(from))) {
            c.setAutoCommit(false);
            try {
                Sql.lockTimeout(c, naming.options().deleteLockTimeout());
                for (String table : tables(c, tenantId)) {
                    try (Statement s = c.createStatement()) {
                        s.execute("LOCK TABLE " + table + " IN SHARE MODE"); // waits for writes in flight
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    @Override
    protected void unfence(TenantServer from, TenantId tenantId) throws SQLException {
        if (pools == null) {
            privileges(from, tenantId, "GRANT ALL ON ALL %s IN SCHEMA %s TO %s");
        }
    }

    private void privileges(TenantServer server, TenantId tenantId, String template) throws SQLException {
        String schema = Sql.identifier(naming.schema(tenantId));
        String role = Sql.identifier(naming.role(tenantId));
        try (Connection c = ServerPlacement.answering(placement.pool(server)); Statement s = c.createStatement()) {
            if (!exists(c, tenantId)) {
                return;
            }
            s.execute(String.format(template, "TABLES", schema, role));
            s.execute(String.format(template, "SEQUENCES", schema, role));
        }
    }

    private boolean exists(Connection c, TenantId tenantId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles r "
                + "ON r.rolname = ? WHERE n.nspname = ?")) {
            p.setString(1, naming.role(tenantId));
            p.setString(2, naming.schema(tenantId));
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** @return the tenant's tables, each quoted by the server */
    private List<String> tables(Connection c, TenantId tenantId) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT format('%I.%I', n.nspname, t.relname) FROM pg_catalog.pg_class t "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ? AND t.relkind = 'r' "
                + "ORDER BY 1")) {
            p.setString(1, naming.schema(tenantId));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    /**
     * Per-tenant logins: a new password on the target, then the secret with the target's URL.
     * Shared pool: nothing; the attributes that follow are the commit point.
     */
    @Override
    protected void commit(TenantServer to, TenantId tenantId) {
        if (pools == null) {
            return;
        }
        String role = naming.role(tenantId);
        String password = newPassword();
        try (Connection c = ServerPlacement.answering(placement.pool(to))) {
            TenantLogins.setPassword(c, role, password);
        } catch (SQLException e) {
            throw new FahrenException("Setting the password of tenant '" + tenantId + "' on '" + to.name() + "' failed: "
                    + e.getMessage(), e);
        }
        secrets.store(tenantId, "postgres", new ConnectionSecret(to.login().url(), role, password));
    }

    @Override
    protected boolean committed(TenantServer to, TenantId tenantId) {
        if (pools == null) {
            return false;
        }
        try {
            return ServerAddress.of(to.login().url()).equals(ServerAddress.of(secrets.load(tenantId, "postgres").url()));
        } catch (SecretNotFoundException e) {
            return false;
        }
    }

    @Override
    protected void switched(TenantId tenantId) {
        if (pools != null) {
            pools.close(tenantId);
        }
    }

    @Override
    protected void dropOn(TenantServer server, TenantId tenantId) throws SQLException {
        SchemaResource.drop(placement.pool(server), naming, tenantId);
    }
}
