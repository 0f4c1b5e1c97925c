package io.fahren.admin.impl;

import io.fahren.BulkProgress;
import jakarta.ws.rs.core.Response;
import java.util.function.Consumer;

/**
 * The migration operations of the admin API, in terms that do not name {@code fahren-flyway}'s
 * types: the resources stay loadable when the application does not deploy it, and this bean then
 * simply does not exist.
 */
public interface AdminMigrations {

    /**
     * @param tenantId the raw tenant id
     * @return 200 with how many migrations were applied and the tenant's status after
     */
    Response migrate(String tenantId);

    /**
     * @param tenantId the raw tenant id
     * @return 200 with the tenant's version, pending migrations and last failure
     */
    Response status(String tenantId);

    /**
     * Migrates every ACTIVE (and MIGRATION_FAILED) tenant, as {@code TenantMigrations.migrateAll}.
     *
     * @param progress told as the run goes (the failed tenants are named at the end)
     * @return the outcome
     */
    BulkProgress migrateAll(Consumer<BulkProgress> progress);
}
