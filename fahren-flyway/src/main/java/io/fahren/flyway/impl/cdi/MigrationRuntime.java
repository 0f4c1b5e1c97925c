package io.fahren.flyway.impl.cdi;

import io.fahren.internal.Exclusive;
import io.fahren.flyway.MigrationProgress;
import io.fahren.flyway.MigrationReport;
import io.fahren.flyway.TenantMigrations;
import io.fahren.postgres.Postgres;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Owns the configured {@link TenantMigrations}, made on first use from {@code fahren.migrations.*}
 * and the configured PostgreSQL strategy; produces it for injection, and runs it on startup when
 * {@code fahren.migrations.on-startup=migrate}. A run's progress is fired as a {@link MigrationProgress}
 * event.
 *
 * <p>Application scoped; the scope is added by {@link MigrationExtension}.
 */
public class MigrationRuntime {

    private final Exclusive lock = new Exclusive();

    private static final Logger LOG = Logger.getLogger(MigrationRuntime.class.getName());

    @Inject
    MigrationExtension extension;

    @Inject
    Instance<Postgres> postgres;

    @Inject
    Event<MigrationProgress> progress;

    private TenantMigrations migrations;

    TenantMigrations migrations() {
        return lock.call(() -> {
            if (migrations == null) {
                migrations = TenantMigrations.of(postgres.get(), extension.settings().options().withProgress(progress::fire));
            }
            return migrations;
        });
    }

    /** @return whether {@code createTenant} migrates the new tenant */
    boolean onCreate() {
        return extension.settings().onCreate();
    }

    @Produces
    @Dependent
    TenantMigrations produce() {
        return migrations();
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (extension.settings().onStartup() == MigrationSettings.Startup.MIGRATE) {
            MigrationReport report = migrations().migrateAll();
            if (!report.succeeded()) {
                LOG.warning("fahren.migrations.on-startup: " + report + "; the failed tenants keep serving at their "
                        + "previous version. Fix the cause and call TenantMigrations.migrate for each.");
            }
        }
    }
}
