package io.fahren.postgres.impl.rls;

import io.fahren.postgres.impl.sql.Sql;
import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.postgres.RlsOptions;
import io.fahren.postgres.impl.rls.RlsIsolation.TenantTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The management side of row-level security: the tenant role, its grants, RLS and Fahren's policy
 * on every tenant table, the integrity check, and the write check (the table of provisioned
 * tenants, {@value #TENANTS_TABLE}, and the {@code SECURITY DEFINER} function
 * {@value #WRITABLE_FUNCTION} that the policies' {@code WITH CHECK} calls). Binding connections is
 * {@link RlsIsolation}'s; provisioning and deleting a tenant is {@link RlsResource}'s.
 */
final class RlsSetup {

    private static final Logger LOG = Logger.getLogger(RlsSetup.class.getName());
    /** The table of provisioned tenants, in the registry schema. */
    static final String TENANTS_TABLE = "rls_tenants";
    /** The function the policies' WITH CHECK calls, in the registry schema. */
    static final String WRITABLE_FUNCTION = "rls_tenant_writable";
    /** The comment on the function that marks its current body; setup replaces older ones. */
    private static final String WRITABLE_VERSION = "'fahren write check 2: row lock'";

    private final RlsIsolation isolation;
    private final RlsOptions options;
    private final RlsIntegrity integrity;

    /**
     * @param isolation the strategy, which finds the tenant tables
     * @param integrity its integrity check
     */
    RlsSetup(RlsIsolation isolation, RlsIntegrity integrity) {
        this.isolation = isolation;
        this.options = isolation.options();
        this.integrity = integrity;
    }

    /**
     * Sets up the role, grants, RLS and policies, in one transaction.
     *
     * @param c a management connection (auto-commit is restored afterwards)
     * @param strict when true, an existing policy of Fahren's name is an error; when false, tables
     *        that already have it are left as they are (auto-setup on later runs)
     * @param loginRoles tenants-side login roles to grant the tenant role to
     * @return the tables set up now
     */
    List<TenantTable> setup(Connection c, boolean strict, List<String> loginRoles) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            ensureTenantRole(c, s);
            ensureWritableCheck(s);
            for (String login : loginRoles) {
                // INHERIT FALSE: the login role gets no table privileges of its own, only by switching role
                s.execute("GRANT " + Sql.identifier(options.tenantRole()) + " TO " + Sql.identifier(login)
                        + " WITH INHERIT FALSE, SET TRUE");
            }
            List<TenantTable> done = new ArrayList<>();
            Set<String> schemas = new HashSet<>();
            List<TenantTable> tables = isolation.tenantTables(c);
            checkExistingTenants(c, tables);
            if (options.scopeForeignKeys()) {
                integrity.scopeForeignKeys(c, tables).forEach(key -> LOG.info("Scoped foreign key " + key
                        + " to the tenant column " + options.tenantColumn()));
            }
            integrity.check(c, tables, "setup changed nothing");
            List<TenantTable> withoutPolicy = unprotected(c, tables);
            for (TenantTable table : tables) {
                if (!withoutPolicy.contains(table)) {
                    if (strict) {
                        throw new FahrenConfigurationException("Table " + table + " already has a policy named '"
                                + options.policyName() + "'. Fahren does not add a second one: drop it, or set another "
                                + "policyName.");
                    }
                    continue;
                }
                if (schemas.add(table.schema())) {
                    s.execute("GRANT USAGE ON SCHEMA " + Sql.identifier(table.schema()) + " TO " + role());
                    s.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + Sql.identifier(table.schema())
                            + " TO " + role());
                }
                secure(s, table);
                done.add(table);
            }
            c.commit();
            return done;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Refuses tables whose column type is unsupported, or that tenants already recorded would not
     * fit (a new integer table while a tenant {@code 01} exists would give it tenant {@code 1}'s rows).
     */
    private void checkExistingTenants(Connection c, List<TenantTable> tables) throws SQLException {
        tables.forEach(TenantTable::type);
        if (!tenantsTableExists(c)) {
            return;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + tenantsTable())) {
            while (rs.next()) {
                RlsIsolation.checkFits(new TenantId(rs.getString(1)), tables);
            }
        }
    }

    private void secure(Statement s, TenantTable table) throws SQLException {
        String own = Sql.identifier(options.tenantColumn()) + " = current_setting("
                + Sql.settingLiteral(options.setting()) + ", true)::" + Sql.typeName(table.columnType());
        s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + table.qualified() + " TO " + role());
        s.execute("ALTER TABLE " + table.qualified() + " ENABLE ROW LEVEL SECURITY");
        if (options.forceRlsOnTableOwner()) {
            s.execute("ALTER TABLE " + table.qualified() + " FORCE ROW LEVEL SECURITY");
        }
        s.execute("CREATE POLICY " + Sql.identifier(options.policyName()) + " ON " + table.qualified()
                + " AS PERMISSIVE FOR ALL TO " + role() + " USING (" + own + ") WITH CHECK (" + own + " AND "
                + writableFunction() + "())");
    }

    /**
     * The table of provisioned tenants and the function the policies' WITH CHECK calls: it takes
     * the current tenant's write lock (shared) and says whether the tenant is in the table.
     * SECURITY DEFINER, so the tenant role needs no privilege on the table, only EXECUTE; and it
     * can ask about no tenant but the one it acts as.
     */
    private void ensureWritableCheck(Statement s) throws SQLException {
        String schema = Sql.identifier(options.registrySchema());
        s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        s.execute("CREATE TABLE IF NOT EXISTS " + tenantsTable() + " (id text PRIMARY KEY)");
        // Every name and operator in the body is schema-qualified, so the caller's search_path cannot
        // redirect it; that spares a SET search_path clause, which would cost a settings save and
        // restore on every written row.
        // The row lock and look-up run once per transaction: the lock then keeps the answer true
        // until the transaction ends, and a transaction-local marker setting says so to later calls
        // (a subtransaction that rolls back drops both). A row being deleted makes the lock wait
        // for the delete, and then find nothing.
        String tenant = "pg_catalog.current_setting(" + Sql.settingLiteral(options.setting()) + ", true)";
        String marker = Sql.settingLiteral(options.setting() + "_writable");
        String body = " BEGIN IF pg_catalog.current_setting(" + marker + ", true) "
                + "OPERATOR(pg_catalog.=) " + tenant + " AND " + tenant + " OPERATOR(pg_catalog.<>) '' "
                + "THEN RETURN true; END IF; "
                + "PERFORM 1 FROM " + tenantsTable() + " WHERE id OPERATOR(pg_catalog.=) " + tenant + " FOR KEY SHARE; "
                + "IF NOT FOUND THEN RETURN false; END IF; PERFORM pg_catalog.set_config(" + marker + ", " + tenant
                + ", true); RETURN true; END ";
        s.execute("CREATE OR REPLACE FUNCTION " + writableFunction() + "() RETURNS boolean LANGUAGE plpgsql VOLATILE "
                + "SECURITY DEFINER AS " + Sql.dollarQuoted(body));
        s.execute("COMMENT ON FUNCTION " + writableFunction() + "() IS " + WRITABLE_VERSION);
        s.execute("REVOKE ALL ON FUNCTION " + writableFunction() + "() FROM PUBLIC");
        s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + role());
        s.execute("GRANT EXECUTE ON FUNCTION " + writableFunction() + "() TO " + role());
    }

    String tenantsTable() {
        return Sql.qualified(options.registrySchema(), TENANTS_TABLE);
    }

    private String writableFunction() {
        return Sql.qualified(options.registrySchema(), WRITABLE_FUNCTION);
    }

    boolean tenantsTableExists(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            p.setString(1, tenantsTable());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** @return whether the table of tenants and the current version of the write check exist */
    boolean writableCheckExists(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL AND "
                + "obj_description(to_regprocedure(?), 'pg_proc') IS NOT DISTINCT FROM " + WRITABLE_VERSION)) {
            p.setString(1, tenantsTable());
            p.setString(2, writableFunction() + "()");
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void ensureTenantRole(Connection c, Statement s) throws SQLException {
        boolean exists;
        boolean superuser;
        try (PreparedStatement p = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?), "
                + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")) {
            p.setString(1, options.tenantRole());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                exists = rs.getBoolean(1);
                superuser = rs.getBoolean(2);
            }
        }
        if (!exists) {
            s.execute("CREATE ROLE " + role() + " NOLOGIN NOSUPERUSER NOBYPASSRLS");
        }
        if (!superuser) {
            // deleteTenant removes rows acting as the tenant, so the management role must be able to SET ROLE
            s.execute("GRANT " + role() + " TO CURRENT_USER");
        }
    }

    /**
     * @param c a connection
     * @return the tenant tables that lack Fahren's policy
     */
    List<TenantTable> unprotectedTables(Connection c) throws SQLException {
        return unprotected(c, isolation.tenantTables(c));
    }

    /** @return those of the tables without the policy, read in one query */
    List<TenantTable> unprotected(Connection c, List<TenantTable> tables) throws SQLException {
        record Name(String schema, String table) {
        }
        Set<Name> withPolicy = new HashSet<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT schemaname, tablename FROM pg_catalog.pg_policies WHERE policyname = ?")) {
            p.setString(1, options.policyName());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    withPolicy.add(new Name(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return tables.stream().filter(t -> !withPolicy.contains(new Name(t.schema(), t.name()))).toList();
    }

    /**
     * Read-only check that lets {@code createTenant} with {@code autoSetup} skip the setup
     * transaction (and its catalog writes) once everything is in place.
     *
     * @param c a management connection
     * @param loginRoles tenants-side login roles that must hold the tenant role
     * @return whether setup still has work: the tenant role or the table of tenants is missing, the
     *         management login or a tenants-side login lacks the role, or a tenant table lacks the
     *         policy
     */
    boolean needsSetup(Connection c, List<String> loginRoles) throws SQLException {
        if (!tenantRoleExists(c) || !writableCheckExists(c)) {
            return true;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                + "OR pg_has_role(current_user, ?, 'MEMBER'), (SELECT count(DISTINCT u.rolname) FROM pg_auth_members m "
                + "JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member "
                + "WHERE r.rolname = ? AND u.rolname = ANY (?))")) {
            p.setString(1, options.tenantRole());
            p.setString(2, options.tenantRole());
            p.setArray(3, c.createArrayOf("text", loginRoles.toArray()));
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1) || rs.getLong(2) < loginRoles.stream().distinct().count()) {
                    return true;
                }
            }
        }
        List<TenantTable> tables = isolation.tenantTables(c);
        return !unprotected(c, tables).isEmpty() || (options.scopeForeignKeys()
                && integrity.violations(c, tables).stream().anyMatch(RlsIntegrity.Violation::fixable));
    }

    boolean tenantRoleExists(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            p.setString(1, options.tenantRole());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private String role() {
        return Sql.identifier(options.tenantRole());
    }
}
