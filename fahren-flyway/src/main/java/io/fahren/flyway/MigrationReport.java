package io.fahren.flyway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@link TenantMigrations#migrateAll()} did: every tenant it migrated, and every one that
 * failed with its error. A failed tenant never stops the others.
 *
 * @param migrated the tenants migrated (or found current), each with the migrations it applied
 * @param failed the tenants whose migration failed, each with what failed
 * @param took how long the whole run took
 */
public record MigrationReport(Map<String, Integer> migrated, Map<String, TenantMigrationException> failed,
        Duration took) {

    /** Copies. */
    public MigrationReport {
        migrated = Map.copyOf(migrated);
        failed = Map.copyOf(failed);
    }

    /** @return whether every tenant was migrated */
    public boolean succeeded() {
        return failed.isEmpty();
    }

    /** @return the failed tenants' ids, sorted */
    public List<String> failedTenants() {
        return failed.keySet().stream().sorted().toList();
    }

    @Override
    public String toString() {
        return "migrated " + migrated.size() + " tenants, " + failed.size() + " failed" + (failed.isEmpty() ? ""
                : " (" + String.join(", ", failedTenants()) + ")") + ", in " + took.toMillis() + " ms";
    }
}
