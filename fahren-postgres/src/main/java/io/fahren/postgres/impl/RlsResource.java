package io.fahren.postgres.impl;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.spi.TenantResource;
import jakarta.annotation.Priority;
import java.sql.Connection;
import java.sql.SQLException;
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

    /**
     * @param management the management data source
     * @param isolation the strategy
     */
    public RlsResource(DataSource management, RlsIsolation isolation) {
        this.management = management;
        this.isolation = isolation;
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
                if (isolation.needsSetup(c, isolation.options().tenantLogins())) {
                    isolation.setup(c, false, isolation.options().tenantLogins());
                }
            } else {
                List<RlsIsolation.TenantTable> unprotected = isolation.unprotectedTables(c);
                if (!unprotected.isEmpty()) {
                    throw new FahrenConfigurationException("Row-level security is not set up on " + unprotected
                            + ", so tenant '" + tenantId + "' was not created. Run the management side's setup(), or "
                            + "enable autoSetup.");
                }
            }
            isolation.recordTenant(c, tenantId);
        }
    }

    @Override
    public void deprovision(TenantId tenantId) throws SQLException {
        try (Connection c = management.getConnection()) {
            isolation.deleteRows(c, tenantId);
        } catch (SQLException e) {
            Sql.failIfLockTimedOut(e, tenantId, isolation.options().deleteLockTimeout(),
                    "its open transactions that wrote as the tenant");
            throw e;
        }
    }
}
