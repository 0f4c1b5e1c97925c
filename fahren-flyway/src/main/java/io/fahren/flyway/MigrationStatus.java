package io.fahren.flyway;

import java.time.Instant;
import java.util.List;

/**
 * Where a tenant's schema stands, as its Flyway history says.
 *
 * @param tenantId the tenant
 * @param version the version applied last, or null before the first migration
 * @param pending the versions (or descriptions, for repeatable migrations) not applied yet, in order
 * @param lastFailure the last failed migration of the tenant, until one succeeds; else null
 */
public record MigrationStatus(String tenantId, String version, List<String> pending, Failure lastFailure) {

    /**
     * A failed migration, as {@link TenantMigrations} recorded it.
     *
     * @param version the first migration not applied, or null when the failure was not in a migration
     * @param error what failed
     * @param at when
     */
    public record Failure(String version, String error, Instant at) {
    }

    /** Copies. */
    public MigrationStatus {
        pending = List.copyOf(pending);
    }

    /**
     * A status with no failure recorded.
     *
     * @param tenantId the tenant
     * @param version the version applied last, or null
     * @param pending the migrations not applied yet
     */
    public MigrationStatus(String tenantId, String version, List<String> pending) {
        this(tenantId, version, pending, null);
    }

    /** @return whether nothing is pending */
    public boolean isCurrent() {
        return pending.isEmpty();
    }
}
