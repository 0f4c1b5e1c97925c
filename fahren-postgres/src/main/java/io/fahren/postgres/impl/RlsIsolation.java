package io.fahren.postgres.impl;

import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.postgres.RlsOptions;
import io.fahren.spi.TenantResource;
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
import javax.sql.DataSource;

/**
 * Row-level security on shared tables: the setup of roles, grants and policies, the removal of a
 * tenant's rows, and binding a connection to a tenant.
 *
 * <p>Writes are allowed only to tenants that exist. Setup creates, in the registry schema, a table
 * of the provisioned tenants ({@value #TENANTS_TABLE}) and a {@code SECURITY DEFINER} function
 * ({@value #WRITABLE_FUNCTION}) that the policies' {@code WITH CHECK} calls. Once per transaction,
 * the function locks the tenant's row in that table {@code FOR KEY SHARE}, so a transaction that
 * wrote as a tenant holds that lock until it ends, and says whether the row is there. {@code
 * deleteTenant} first deletes the row, which waits for those transactions to finish and holds
 * later writers back until it commits, after which they find no row and fail the policy; then it
 * deletes the tenant's rows, committed ones of the transactions it waited for included. A row
 * lock, unlike an advisory lock, cannot be taken by tenant logins (they have no privilege on the
 * table), so no tenant can hold back another tenant's writes or delete.
 */
public final class RlsIsolation implements Isolation {

    private static final Logger LOG = Logger.getLogger(RlsIsolation.class.getName());
    /** The table of provisioned tenants, in the registry schema. */
    static final String TENANTS_TABLE = "rls_tenants";
    /** The function the policies' WITH CHECK calls, in the registry schema. */
    static final String WRITABLE_FUNCTION = "rls_tenant_writable";
    /** The comment on the function that marks its current body; setup replaces older ones. */
    private static final String WRITABLE_VERSION = "'fahren write check 2: row lock'";

    /** A tenant table, its catalog oid, and the type of its tenant column. */
    public record TenantTable(long oid, String schema, String name, String columnType, boolean forced) {
        String qualified() {
            return Sql.qualified(schema, name);
        }

        /** @return the column's type @throws FahrenConfigurationException when it is not supported */
        TenantColumnType type() {
            return TenantColumnType.of(columnType, this);
        }

        @Override
        public String toString() {
            return schema + "." + name;
        }
    }

    private final RlsOptions options;
    private final RlsIntegrity integrity;
    /** The tenant tables the tenants side last saw, whose column types every bound id must fit. */
    private volatile List<TenantTable> boundTables = List.of();

    /**
     * @param options the strategy's options
     */
    public RlsIsolation(RlsOptions options) {
        this.options = options;
        this.integrity = new RlsIntegrity(options);
    }

    @Override
    public RlsOptions options() {
        return options;
    }

    @Override
    public String description() {
        return "row-level security";
    }

    @Override
    public List<String> setup(Connection c) throws SQLException {
        return setup(c, true, options.tenantLogins()).stream().map(Object::toString).toList();
    }

    @Override
    public TenantResource resource(DataSource management) {
        return new RlsResource(management, this);
    }

    /**
     * @param c a connection to the database
     * @return the tenant tables: the listed ones, or every table with the tenant column
     * @throws FahrenConfigurationException when a listed table lacks the column
     */
    public List<TenantTable> tenantTables(Connection c) throws SQLException {
        List<TenantTable> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT cl.oid::int8, n.nspname, cl.relname, "
                + "format_type(a.atttypid, a.atttypmod), cl.relforcerowsecurity FROM pg_attribute a JOIN pg_class cl ON cl.oid = a.attrelid "
                + "JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE a.attname = ? AND NOT a.attisdropped "
                + "AND cl.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                + "AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> ? ORDER BY 2, 3")) {
            s.setString(1, options.tenantColumn());
            s.setString(2, options.registrySchema());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new TenantTable(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5)));
                }
            }
        }
        if (options.tables().isEmpty()) {
            return found;
        }
        List<TenantTable> listed = new ArrayList<>();
        for (String table : options.tables()) {
            listed.add(found.stream().filter(t -> t.toString().equals(table)).findFirst().orElseThrow(() ->
                    new FahrenConfigurationException("Table " + table + " is listed as a tenant table but has no column '"
                            + options.tenantColumn() + "' (or does not exist). Add the column or change the table list.")));
        }
        return listed;
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
    public List<TenantTable> setup(Connection c, boolean strict, List<String> loginRoles) throws SQLException {
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
            List<TenantTable> tables = tenantTables(c);
            checkExistingTenants(c, tables);
            if (options.scopeForeignKeys()) {
                integrity.scopeForeignKeys(c, tables).forEach(key -> LOG.info("Scoped foreign key " + key
                        + " to the tenant column " + options.tenantColumn()));
            }
            integrity.check(c, tables, "setup changed nothing");
            for (TenantTable table : tables) {
                if (hasPolicy(c, table)) {
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
                checkFits(new TenantId(rs.getString(1)), tables);
            }
        }
    }

    /**
     * @param tenantId a tenant id
     * @param tables tenant tables
     * @throws io.fahren.InvalidTenantIdException when the id would not come back unchanged from a
     *         table's tenant column type
     */
    private static void checkFits(TenantId tenantId, List<TenantTable> tables) {
        for (TenantTable table : tables) {
            table.type().check(tenantId, table);
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


    private String tenantsTable() {
        return Sql.qualified(options.registrySchema(), TENANTS_TABLE);
    }

    private String writableFunction() {
        return Sql.qualified(options.registrySchema(), WRITABLE_FUNCTION);
    }

    /**
     * Records a provisioned tenant, so that its sessions may write.
     *
     * @param c a management connection
     * @param tenantId the tenant
     * @throws FahrenConfigurationException when setup has not created the table of tenants yet, or
     *         a constraint of the tenant tables reaches across tenants
     */
    public void recordTenant(Connection c, TenantId tenantId) throws SQLException {
        if (!writableCheckExists(c)) {
            throw new FahrenConfigurationException("Row-level security is set up without the table of tenants "
                    + options.registrySchema() + "." + TENANTS_TABLE + " or with an older write check, so tenant '"
                    + tenantId + "' could not be created. Run the management side's setup(), or enable autoSetup.");
        }
        List<TenantTable> tables = tenantTables(c);
        checkFits(tenantId, tables);
        // a migration may have added a constraint since setup
        integrity.check(c, tables, "tenant '" + tenantId + "' was not created");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + tenantsTable()
                + " (id) VALUES (?) ON CONFLICT (id) DO NOTHING")) {
            p.setString(1, tenantId.value());
            p.executeUpdate();
        }
    }

    private boolean tenantsTableExists(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            p.setString(1, tenantsTable());
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** @return whether the table of tenants and the current version of the write check exist */
    private boolean writableCheckExists(Connection c) throws SQLException {
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
    public List<TenantTable> unprotectedTables(Connection c) throws SQLException {
        List<TenantTable> unprotected = new ArrayList<>();
        for (TenantTable table : tenantTables(c)) {
            if (!hasPolicy(c, table)) {
                unprotected.add(table);
            }
        }
        return unprotected;
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
    public boolean needsSetup(Connection c, List<String> loginRoles) throws SQLException {
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
        return !unprotectedTables(c).isEmpty() || (options.scopeForeignKeys()
                && integrity.violations(c, tenantTables(c)).stream().anyMatch(RlsIntegrity.Violation::fixable));
    }


    private boolean tenantRoleExists(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            p.setString(1, options.tenantRole());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    private boolean hasPolicy(Connection c, TenantTable table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT 1 FROM pg_policies WHERE schemaname = ? AND tablename = ? AND policyname = ?")) {
            p.setString(1, table.schema());
            p.setString(2, table.name());
            p.setString(3, options.policyName());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Deletes the tenant's rows from every tenant table in one transaction, acting as the tenant.
     * First it removes the tenant from the table of tenants, which waits for every open transaction
     * that wrote as the tenant (each holds the row FOR KEY SHARE), so every later write as the
     * tenant fails the policy. Only then are the rows
     * deleted, those of the transactions waited for too. Each wait is bounded by {@code
     * deleteLockTimeout}; when it runs out, everything is rolled back.
     *
     * @param c a management connection
     * @param tenantId the tenant
     */
    public void deleteRows(Connection c, TenantId tenantId) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            Sql.lockTimeout(c, options.deleteLockTimeout());
            // referencing tables go first; checks that can wait until the commit do, which breaks cycles
            List<TenantTable> order = integrity.deleteOrder(c, tenantTables(c));
            s.execute("SET CONSTRAINTS ALL DEFERRED");
            if (tenantsTableExists(c)) {
                // waits for the tenant's writing transactions (each holds its row FOR KEY SHARE), and
                // holds new ones back until the commit, after which they find no row
                try (PreparedStatement p = c.prepareStatement("DELETE FROM " + tenantsTable() + " WHERE id = ?")) {
                    p.setString(1, tenantId.value());
                    p.executeUpdate();
                }
            }
            if (tenantRoleExists(c)) {
                bind(c, tenantId, true, "");
                for (TenantTable table : order) {
                    s.executeUpdate("DELETE FROM " + table.qualified());
                }
            } else {
                // never set up, so no policy hides rows: delete them by value
                for (TenantTable table : order) {
                    try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table.qualified() + " WHERE "
                            + Sql.identifier(options.tenantColumn()) + "::text = ?")) {
                        p.setString(1, tenantId.value());
                        p.executeUpdate();
                    }
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Makes the connection act as the tenant: the tenant role and the tenant setting, in one round trip.
     *
     * @param c the connection
     * @param tenantId the tenant
     * @param local whether to bind for the current transaction only
     * @param before statements to run first in the same round trip
     */
    @Override
    public void bind(Connection c, TenantId tenantId, boolean local, String before) throws SQLException {
        checkFits(tenantId, boundTables);
        try (PreparedStatement s = c.prepareStatement(before + "SELECT set_config('role', ?, ?), set_config(?, ?, ?)")) {
            s.setString(1, options.tenantRole());
            s.setBoolean(2, local);
            s.setString(3, options.setting());
            s.setString(4, tenantId.value());
            s.setBoolean(5, local);
            s.execute();
        }
    }

    /**
     * Refuses a tenants-side login that would bypass RLS, and warns about tables without FORCE RLS.
     *
     * @param c a tenants-side connection
     * @return false when the tenant role does not exist yet and {@code autoSetup} will create it
     *         with the first tenant: the membership check is then still to do
     * @throws FahrenConfigurationException when the login is a superuser, has BYPASSRLS, or cannot
     *         switch to the tenant role
     */
    @Override
    public boolean checkTenantsLogin(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT current_user, rolsuper, rolbypassrls, "
                + "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?) FROM pg_roles WHERE rolname = current_user")) {
            s.setString(1, options.tenantRole());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String login = rs.getString(1);
                if (rs.getBoolean(2) || rs.getBoolean(3)) {
                    throw new FahrenConfigurationException("The tenants-side login role '" + login + "' is "
                            + (rs.getBoolean(2) ? "a superuser" : "BYPASSRLS") + ", so row-level security would not apply "
                            + "to it. Use a role with NOSUPERUSER NOBYPASSRLS for the tenants side (fahren.postgres.tenants.username).");
                }
                if (!rs.getBoolean(4)) {
                    if (options.autoSetup()) {
                        return false; // the first createTenant sets it up; checked again before the first binding
                    }
                    throw new FahrenConfigurationException("The tenant role '" + options.tenantRole() + "' does not "
                            + "exist yet. Run the management side's setup (or createTenant with autoSetup) first.");
                }
                checkMembership(c, login);
            }
        }
        List<TenantTable> tables = tenantTables(c);
        tables.forEach(TenantTable::type);
        boundTables = List.copyOf(tables);
        for (RlsIntegrity.Violation v : integrity.violations(c, tables)) {
            LOG.warning("Tenant table constraint reaches across tenants, and createTenant will refuse until it is "
                    + "fixed: " + v);
        }
        for (TenantTable table : tables) {
            if (!table.forced()) {
                LOG.warning("Tenant table " + table + " does not FORCE ROW LEVEL SECURITY, so its owner bypasses the "
                        + "tenant policy. Run ALTER TABLE ... FORCE ROW LEVEL SECURITY, or keep forceRlsOnTableOwner.");
            }
        }
        return true;
    }

    private void checkMembership(Connection c, String login) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_has_role(current_user, ?, 'SET')")) {
            s.setString(1, options.tenantRole());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new FahrenConfigurationException("The tenants-side login role '" + login + "' cannot switch to "
                            + "the tenant role '" + options.tenantRole() + "'. Grant it: GRANT " + options.tenantRole()
                            + " TO " + login + " (or list it in the management side's grantTenantRoleTo).");
                }
            }
        }
    }

    /**
     * @param what what failed
     * @param e the cause
     * @return an exception naming the strategy
     */
    public static FahrenException failure(String what, SQLException e) {
        return new FahrenException("PostgreSQL: " + what + " failed: " + e.getMessage(), e);
    }

    private String role() {
        return Sql.identifier(options.tenantRole());
    }
}
