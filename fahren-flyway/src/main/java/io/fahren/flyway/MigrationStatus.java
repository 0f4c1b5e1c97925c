package io.fahren.flyway;

import java.util.List;

/**
 * Where a tenant's schema stands, as its Flyway history says.
 *
 * @param tenantId the tenant
 * @param version the version applied last, or null before the first migration
 * @param pending the versions (or descriptions, for repeatable migrations) not applied yet, in order
 */
public record MigrationStatus(String tenantId, String version, List<String> pending) {

    /** Copies. */
    public MigrationStatus {
        pending = List.copyOf(pending);
    }

    /** @return whether nothing is pending */
    public boolean isCurrent() {
        return pending.isEmpty();
    }
}
