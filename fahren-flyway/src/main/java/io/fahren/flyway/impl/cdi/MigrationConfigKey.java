package io.fahren.flyway.impl.cdi;

import io.fahren.internal.DocumentedKey;

/**
 * Every configuration key of {@code fahren-flyway}, each declared once. {@code docs/configuration.md}
 * holds the same table; a test keeps them in step.
 */
public enum MigrationConfigKey implements DocumentedKey {

    /** Script locations. */
    LOCATIONS("fahren.migrations.locations", "list of Flyway locations", "classpath:db/migration",
            "Where the migration scripts are; the same scripts serve every strategy."),
    /** Migrate on createTenant. */
    ON_CREATE("fahren.migrations.on-create", "boolean", "true",
            "createTenant runs the migrations after the PostgreSQL resource; the tenant becomes ACTIVE only when its "
                    + "schema is current, and a failed migration undoes the create."),
    /** Migrate every tenant at startup. */
    ON_STARTUP("fahren.migrations.on-startup", "none or migrate", "none",
            "migrate: when the application starts, migrate every ACTIVE tenant (migrateAll); a failed tenant is logged "
                    + "and keeps serving at its previous version."),
    /** A failed tenant: refused or served. */
    ON_FAILURE("fahren.migrations.on-failure", "refuse or serve", "refuse",
            "A tenant whose migration failed: refuse marks it MIGRATION_FAILED, and the tenants side refuses it until "
                    + "a migration succeeds; serve keeps it ACTIVE at its previous version. Either way the failure is "
                    + "recorded for its status."),
    /** Tenants migrated at once. */
    PARALLELISM("fahren.migrations.parallelism", "integer", "2",
            "Tenants migrateAll migrates at once, each on a connection of its own."),
    /** Progress log interval. */
    PROGRESS_INTERVAL("fahren.migrations.progress-interval", "seconds", "5",
            "How often migrateAll logs done, failed, remaining and the estimated time.");

    /** What every key starts with. */
    public static final String PREFIX = "fahren.migrations.";

    private final Doc doc;

    MigrationConfigKey(String key, String type, String defaultValue, String description) {
        this.doc = new Doc(key, type, defaultValue, description);
    }

    @Override
    public Doc doc() {
        return doc;
    }
}
