package io.fahren.postgres.impl.rls;

import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.TenantDdl;
import io.fahren.postgres.impl.pool.Isolation;
import io.fahren.postgres.impl.citus.CitusCall;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.postgres.RlsOptions;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Row-level security on shared tables, the tenants side: finding the tenant tables, binding a
 * connection to a tenant, and checking the tenants-side login. The management side is
 * {@link RlsSetup}; provisioning and deleting a tenant, {@link RlsResource}.
 *
 * <p>Writes are allowed only to tenants that exist. Setup creates, in the registry schema, a table
 * of the provisioned tenants ({@value RlsSetup#TENANTS_TABLE}) and a {@code SECURITY DEFINER}
 * function ({@value RlsSetup#WRITABLE_FUNCTION}) that the policies' {@code WITH CHECK} calls. Once per transaction,
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
    private final RlsSetup management;
    /** The tenant tables the tenants side last saw, whose column types every bound id must fit. */
    private volatile List<TenantTable> boundTables = List.of();

    /**
     * @param options the strategy's options
     */
    public RlsIsolation(RlsOptions options) {
        this.options = options;
        this.integrity = new RlsIntegrity(options);
        this.management = new RlsSetup(this, integrity);
    }

    /** @return the management side: roles, grants, policies, the write check */
    RlsSetup management() {
        return management;
    }

    /** @return the integrity check of the tenant tables' constraints */
    RlsIntegrity integrity() {
        return integrity;
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
        return management.setup(c, true, options.tenantLogins()).stream().map(Object::toString).toList();
    }

    @Override
    public TenantResource resource(DataSource management) {
        return new RlsResource(management, this);
    }

    /** The shared tables: the management login, once for every tenant. */
    @Override
    public TenantDdl ddl(PostgresConnection management, TenantId tenantId) {
        return new TenantDdl(management, null, null, true);
    }

    /**
     * @param c a connection to the database
     * @return the tenant tables: the listed ones, or every table with the tenant column
     * @throws FahrenConfigurationException when a listed table lacks the column
     */
    public List<TenantTable> tenantTables(Connection c) throws SQLException {
        List<TenantTable> found = withTenantColumn(c);
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
     * Row-based sharding: the provisioned-tenants table that the policies read becomes a reference
     * table (whole on every worker), then every tenant table is distributed by the tenant column.
     */
    @Override
    public boolean distributableWithCitus() {
        return true;
    }

    @Override
    public List<CitusCall> citusCalls(Connection c, TenantId tenantId) throws SQLException {
        List<CitusCall> calls = new ArrayList<>();
        calls.add(CitusCall.referenceTable(options.registrySchema(), RlsSetup.TENANTS_TABLE));
        for (TenantTable table : tenantTables(c)) {
            calls.add(CitusCall.distributeTable(table.schema(), table.name(), options.tenantColumn()));
        }
        return calls;
    }

    /**
     * Protects the tenant tables a migration of the shared tables added (policy, FORCE, grants),
     * then names every table with the tenant column that is still unprotected: one left out of
     * the configured table list would be readable by every tenant.
     */
    @Override
    public List<String> protectChangedTables(Connection c) throws SQLException {
        management().setup(c, false, options.tenantLogins());
        return management().unprotected(c, withTenantColumn(c)).stream().map(TenantTable::toString).toList();
    }

    /** @return every table with the tenant column, outside the registry's schema */
    private List<TenantTable> withTenantColumn(Connection c) throws SQLException {
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
        return found;
    }

    /**
     * @param tenantId a tenant id
     * @param tables tenant tables
     * @throws io.fahren.InvalidTenantIdException when the id would not come back unchanged from a
     *         table's tenant column type
     */
    static void checkFits(TenantId tenantId, List<TenantTable> tables) {
        for (TenantTable table : tables) {
            table.type().check(tenantId, table);
        }
    }

    /**
     * The tenant role and the tenant setting, in one statement.
     *
     * @param tenantId the tenant
     * @param local whether to bind for the current transaction only
     * @throws io.fahren.InvalidTenantIdException when the id does not fit a tenant column's type
     */
    @Override
    public Binding binding(TenantId tenantId, boolean local) {
        checkFits(tenantId, boundTables);
        return new Binding("SELECT set_config('role', ?, ?), set_config(?, ?, ?)",
                List.of(options.tenantRole(), local, options.setting(), tenantId.value(), local));
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
                            + " TO " + login + " (or list it in the management side's RlsOptions.tenantLogins).");
                }
            }
        }
    }


    private String role() {
        return Sql.identifier(options.tenantRole());
    }
}
