package io.fahren.flyway;

import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.flyway.impl.DdlDataSource;
import io.fahren.flyway.impl.MigrationFailures;
import io.fahren.internal.LifecycleTelemetry;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.TenantDdl;
import io.fahren.spi.TenantResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Per-tenant schema migrations with Flyway: the same scripts, run wherever the tenant's
 * PostgreSQL strategy places its objects ({@link TenantDdl}).
 *
 * <ul>
 *   <li><b>Schema per tenant:</b> in the tenant's schema, as the tenant's role, so it owns what
 *       the scripts create; each schema has its own Flyway history.</li>
 *   <li><b>Database per tenant:</b> in the tenant's database, as its own login.</li>
 *   <li><b>Row-level security:</b> the shared tables, once, as the management login.</li>
 * </ul>
 *
 * <p>As a provisioning step ({@link #step()}), {@code createTenant} runs the migrations before the
 * tenant becomes ACTIVE, and a failed migration undoes the whole create. {@link #migrateAll()}
 * brings every ACTIVE tenant up to date, a few at a time; a failed tenant never stops the others.
 * Two processes never migrate one tenant at once: Flyway locks its history table.
 *
 * <pre>{@code
 * TenantMigrations migrations = TenantMigrations.of(postgres, MigrationOptions.defaults());
 * PostgresManagement management = postgres.forManagement(List.of(migrations.step()));
 * management.createTenant("acme");               // schema, role, then V1__..., V2__...
 * MigrationReport report = migrations.migrateAll(); // after a deploy with V3__...
 * report.failed().forEach((tenant, e) -> log.warning(tenant + ": " + e.getMessage()));
 * }</pre>
 */
public final class TenantMigrations {

    private static final Logger LOG = Logger.getLogger(TenantMigrations.class.getName());

    private final PostgresManagement management;
    private final MigrationOptions options;
    private final MigrationFailures failures;

    private TenantMigrations(PostgresManagement management, MigrationOptions options, MigrationFailures failures) {
        this.management = management;
        this.options = options;
        this.failures = failures;
    }

    /**
     * @param postgres the strategy whose tenants are migrated
     * @param options where the scripts are, and how to run them
     * @return the migrations
     */
    public static TenantMigrations of(Postgres postgres, MigrationOptions options) {
        PostgresManagement management = postgres.forManagement();
        return new TenantMigrations(management, options, new MigrationFailures(postgres.managementDataSource(),
                management.registryTable("tenant_migration_failures")));
    }

    /**
     * Brings one tenant's schema up to date (the shared tables, for row-level security). A failure
     * is recorded ({@link MigrationStatus#lastFailure()}) and, with {@link
     * MigrationOptions.OnFailure#REFUSE}, the tenant is marked MIGRATION_FAILED and refused by the
     * tenants side; a success clears both. With row-level security a failure concerns every
     * tenant, so none is marked.
     *
     * @param tenantId the raw tenant id
     * @return how many migrations were applied (0 when it was current)
     * @throws io.fahren.InvalidTenantIdException when the id is malformed
     * @throws TenantMigrationException when a migration failed; it names the tenant and the version
     */
    public int migrate(String tenantId) {
        String id = TenantId.of(tenantId).value();
        TenantDdl ddl = management.ddl(id);
        int applied;
        try {
            applied = run(id, ddl);
        } catch (TenantMigrationException e) {
            if (!ddl.shared()) {
                failures.record(id, e.version(), e.getMessage());
                if (options.onFailure() == MigrationOptions.OnFailure.REFUSE) {
                    management.move(id, TenantState.ACTIVE, TenantState.MIGRATION_FAILED);
                }
            }
            throw e;
        }
        if (!ddl.shared()) {
            failures.clear(id);
            management.move(id, TenantState.MIGRATION_FAILED, TenantState.ACTIVE);
        }
        return applied;
    }

    /** Runs the migrations; records nothing (a failure while the tenant is created undoes the create). */
    private int run(String id, TenantDdl ddl) {
        Flyway flyway = flyway(ddl);
        int applied;
        try {
            applied = flyway.migrate().migrationsExecuted;
        } catch (FlywayException e) {
            String version = failedVersion(flyway);
            throw new TenantMigrationException(id, version, "Migrating " + what(ddl, id) + " failed"
                    + (version == null ? "" : " (the first migration not applied is version " + version + ")")
                    + ": " + e.getMessage() + " Its schema is at the version before the failed migration. Fix the "
                    + "script or the data, then migrate again (run repair first if Flyway asks for it).", e);
        }
        if (ddl.shared()) {
            protectChangedTables(id);
        }
        return applied;
    }

    /** Row-level security: what the shared migration added with the tenant column is protected, or the run fails. */
    private void protectChangedTables(String id) {
        List<String> unprotected;
        try {
            unprotected = management.protectChangedTables();
        } catch (RuntimeException e) {
            throw new TenantMigrationException(id, null, "The shared tables were migrated, but protecting the tables the "
                    + "migration added failed: " + e.getMessage(), e);
        }
        if (!unprotected.isEmpty()) {
            throw new TenantMigrationException(id, null, "The shared tables were migrated, but " + unprotected + " have the "
                    + "tenant column and no tenant policy, so every tenant could read them. Add them to the tenant table "
                    + "list (fahren.postgres.rls.tables, RlsOptions.tables), or drop the column, then migrate again.",
                    null);
        }
    }

    private static String what(TenantDdl ddl, String id) {
        return ddl.shared() ? "the shared tables (for tenant '" + id + "')" : "tenant '" + id + "'";
    }

    /**
     * @param tenantId the raw tenant id
     * @return its version and pending migrations
     */
    public MigrationStatus status(String tenantId) {
        String id = TenantId.of(tenantId).value();
        try {
            var info = flyway(management.ddl(id)).info();
            MigrationInfo current = info.current();
            List<String> pending = new ArrayList<>();
            for (MigrationInfo m : info.pending()) {
                pending.add(m.getVersion() != null ? m.getVersion().getVersion() : m.getDescription());
            }
            return new MigrationStatus(id, current == null || current.getVersion() == null ? null
                    : current.getVersion().getVersion(), pending, failures.find(id).orElse(null));
        } catch (FlywayException e) {
            throw new TenantMigrationException(id, null, "Reading the migration status of tenant '" + id + "' failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Flyway's repair, for one tenant: removes failed migrations from its history (on PostgreSQL
     * a failed migration is rolled back, so this is rarely needed) and realigns checksums.
     *
     * @param tenantId the raw tenant id
     */
    public void repair(String tenantId) {
        String id = TenantId.of(tenantId).value();
        try {
            flyway(management.ddl(id)).repair();
        } catch (FlywayException e) {
            throw new TenantMigrationException(id, null, "Repairing the migration history of tenant '" + id + "' failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Migrates every ACTIVE (and MIGRATION_FAILED) tenant, {@link MigrationOptions#parallelism()}
     * at a time, logging its progress every {@link MigrationOptions#progressInterval()}, as {@link
     * #migrate} does each. With row-level security the shared tables are migrated once. A failed
     * tenant is reported and the others go on.
     *
     * @return what was migrated and what failed
     */
    public MigrationReport migrateAll() {
        long start = System.nanoTime();
        List<String> tenants = management.list().stream()
                .filter(t -> t.isActive() || t.state() == TenantState.MIGRATION_FAILED).map(t -> t.id().value()).toList();
        if (!tenants.isEmpty() && management.ddl(tenants.get(0)).shared()) {
            tenants = tenants.subList(0, 1); // one history for all: the shared tables
        }
        Map<String, Integer> migrated = new ConcurrentHashMap<>();
        Map<String, TenantMigrationException> failed = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(options.parallelism(), r -> {
            Thread t = new Thread(r, "fahren-migrations");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (String tenant : tenants) {
                runs.add(workers.submit(() -> {
                    try {
                        migrated.put(tenant, migrate(tenant));
                    } catch (TenantMigrationException e) {
                        failed.put(tenant, e);
                        LOG.log(Level.WARNING, e.getMessage());
                    } catch (RuntimeException e) {
                        failed.put(tenant, new TenantMigrationException(tenant, null, "Migrating tenant '" + tenant
                                + "' failed: " + e.getMessage(), e));
                        LOG.log(Level.WARNING, "Migrating tenant '" + tenant + "' failed", e);
                    } finally {
                        done.incrementAndGet();
                    }
                }));
            }
            awaitAll(runs, tenants.size(), done, failed, start);
        } finally {
            workers.shutdownNow();
        }
        logProgress(tenants.size(), done.get(), failed.size(), start);
        MigrationReport report = new MigrationReport(migrated, failed, Duration.ofNanos(System.nanoTime() - start));
        LOG.info("Tenant migrations: " + report);
        return report;
    }

    /** Waits for every run, logging the progress at each interval. */
    private void awaitAll(List<Future<?>> runs, int total, AtomicInteger done, Map<String, ?> failed, long start) {
        long interval = options.progressInterval().toNanos();
        long nextLog = System.nanoTime() + interval;
        for (Future<?> run : runs) {
            while (true) {
                try {
                    run.get(Math.max(1, nextLog - System.nanoTime()), TimeUnit.NANOSECONDS);
                    break;
                } catch (java.util.concurrent.TimeoutException e) {
                    logProgress(total, done.get(), failed.size(), start);
                    nextLog = System.nanoTime() + interval;
                } catch (java.util.concurrent.ExecutionException e) {
                    break; // each run records its own failure
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.fahren.FahrenException("Interrupted while migrating tenants: " + done.get() + " of "
                            + total + " done; run migrateAll again to finish (migrated tenants are skipped)", e);
                }
            }
        }
    }

    private void logProgress(int total, int done, int failed, long start) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        MigrationProgress progress = new MigrationProgress(total, done, failed, elapsed,
                done == 0 ? null : elapsed.dividedBy(done).multipliedBy(total - done));
        LOG.info("Tenant migrations: " + progress);
        LifecycleTelemetry.migrations(total, done, failed);
        try {
            options.progress().accept(progress);
        } catch (RuntimeException e) { // the application's listener: the run goes on
            LOG.log(Level.WARNING, "A migration progress listener failed", e);
        }
    }

    /**
     * The provisioning step: {@code createTenant} migrates the new tenant before it becomes
     * ACTIVE, and a failed migration undoes the create. Nothing to undo on delete: the strategy
     * drops the tenant's schema or database (with row-level security, the shared tables stay).
     *
     * @return the step, for {@link Postgres#forManagement(List)} (or as a CDI {@code TenantResource})
     */
    public TenantResource step() {
        return new TenantResource() {
            @Override
            public String name() {
                return "migrations";
            }

            @Override
            public void provision(TenantId tenantId) {
                run(tenantId.value(), management.ddl(tenantId.value()));
            }

            @Override
            public void deprovision(TenantId tenantId) {
            }
        };
    }

    private Flyway flyway(TenantDdl ddl) {
        FluentConfiguration config = Flyway.configure(TenantMigrations.class.getClassLoader())
                .dataSource(management.capped(new DdlDataSource(ddl)))
                .locations(options.locations().toArray(String[]::new))
                // a location that resolves to nothing would leave every tenant without its tables, silently
                .failOnMissingLocations(true)
                .createSchemas(false);
        if (ddl.schema() != null) {
            config.schemas(ddl.schema()).defaultSchema(ddl.schema());
        }
        options.flyway().accept(config);
        return config.load();
    }

    /** @return the first migration not applied, read after a failure (on PostgreSQL a failed one is rolled back) */
    private static String failedVersion(Flyway flyway) {
        try {
            for (MigrationInfo m : flyway.info().all()) {
                if (m.getState().isFailed() && m.getVersion() != null) {
                    return m.getVersion().getVersion();
                }
            }
            MigrationInfo[] pending = flyway.info().pending();
            return pending.length == 0 || pending[0].getVersion() == null ? null : pending[0].getVersion().getVersion();
        } catch (FlywayException e) {
            return null;
        }
    }
}
