package io.fahren.postgres.impl.rls;

import io.fahren.postgres.impl.sql.Sql;
import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.spi.TenantResource;
import jakarta.annotation.Priority;
import io.fahren.postgres.impl.rls.RlsIsolation.TenantTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The row-level security strategy as a {@link TenantResource}: a tenant owns rows, not objects,
 * so provisioning makes sure the tables are protected and records the tenant as one that may
 * write, and deprovisioning removes that record (waiting for the tenant's open writing
 * transactions) and deletes the rows.
 */
@Priority(100)
public final class RlsResource implements TenantResource {

    private final DataSource management;
    private final RlsIsolation isolation;
    private final RlsSetup setup;
    private final RlsIntegrity integrity;

    /**
     * @param management the management data source
     * @param isolation the strategy
     */
    public RlsResource(DataSource management, RlsIsolation isolation) {
        this.management = management;
        this.isolation = isolation;
        this.setup = isolation.management();
        this.integrity = isolation.integrity();
    }

    @Override
    public String name() {
        return "postgres";
    }

    /**
     * With {@code autoSetup}, protects the tables not protected yet (a read-only check first, so the
     * setup transaction only runs when something is missing). Without it, refuses to create a
     * tenant while a tenant table lacks Fahren's policy. Then refuses constraints that reach across
     * tenants, and records the tenant in the table of tenants, without which the policies refuse its
     * writes.
     */
    @Override
    public void provision(TenantId tenantId) throws SQLException {
        try (Connection c = management.getConnection()) {
            if (isolation.options().autoSetup()) {
                if (setup.needsSetup(c, isolation.options().tenantLogins())) {
                    setup.setup(c, false, isolation.options().tenantLogins());
                }
            } else {
                List<RlsIsolation.TenantTable> unprotected = setup.unprotectedTables(c);
                if (!unprotected.isEmpty()) {
                    throw new FahrenConfigurationException("Row-level security is not set up on " + unprotected
                            + ", so tenant '" + tenantId + "' was not created. Run the management side's setup(), or "
                            + "enable autoSetup.");
                }
            }
            recordTenant(c, tenantId);
        }
    }

    @Override
    public void deprovision(TenantId tenantId) throws SQLException {
        try (Connection c = management.getConnection()) {
            deleteRows(c, tenantId);
        } catch (SQLException e) {
            Sql.failIfLockTimedOut(e, tenantId, isolation.options().deleteLockTimeout(),
                    "its open transactions that wrote as the tenant");
            throw e;
        }
    }

    /**
     * Records a provisioned tenant, so that its sessions may write.
     *
     * @param c a management connection
     * @param tenantId the tenant
     * @throws FahrenConfigurationException when setup has not created the table of tenants yet, or
     *         a constraint of the tenant tables reaches across tenants
     */
    private void recordTenant(Connection c, TenantId tenantId) throws SQLException {
        if (!setup.writableCheckExists(c)) {
            throw new FahrenConfigurationException("Row-level security is set up without the table of tenants "
                    + isolation.options().registrySchema() + "." + RlsSetup.TENANTS_TABLE + " or with an older write "
                    + "check, so tenant '" + tenantId + "' could not be created. Run the management side's setup(), or enable autoSetup.");
        }
        List<TenantTable> tables = isolation.tenantTables(c);
        RlsIsolation.checkFits(tenantId, tables);
        // a migration may have added a constraint since setup
        integrity.check(c, tables, "tenant '" + tenantId + "' was not created");
        try (PreparedStatement p = c.prepareStatement("INSERT INTO " + setup.tenantsTable()
                + " (id) VALUES (?) ON CONFLICT (id) DO NOTHING")) {
            p.setString(1, tenantId.value());
            p.executeUpdate();
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
    private void deleteRows(Connection c, TenantId tenantId) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            Sql.lockTimeout(c, isolation.options().deleteLockTimeout());
            // referencing tables go first; checks that can wait until the commit do, which breaks cycles
            List<TenantTable> order = integrity.deleteOrder(c, isolation.tenantTables(c));
            s.execute("SET CONSTRAINTS ALL DEFERRED");
            if (setup.tenantsTableExists(c)) {
                // waits for the tenant's writing transactions (each holds its row FOR KEY SHARE), and
                // holds new ones back until the commit, after which they find no row
                try (PreparedStatement p = c.prepareStatement("DELETE FROM " + setup.tenantsTable() + " WHERE id = ?")) {
                    p.setString(1, tenantId.value());
                    p.executeUpdate();
                }
            }
            if (setup.tenantRoleExists(c)) {
                isolation.bind(c, tenantId, true, "");
                for (TenantTable table : order) {
                    s.executeUpdate("DELETE FROM " + table.qualified());
                }
            } else {
                // never set up, so no policy hides rows: delete them by value
                for (TenantTable table : order) {
                    try (PreparedStatement p = c.prepareStatement("DELETE FROM " + table.qualified() + " WHERE "
                            + Sql.identifier(isolation.options().tenantColumn()) + "::text = ?")) {
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
}
