package io.fahren.bench;

import static io.fahren.bench.Benchmarks.MANY;

import io.fahren.flyway.MigrationOptions;
import io.fahren.flyway.MigrationReport;
import io.fahren.flyway.TenantMigrations;
import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.RlsOptions;
import io.fahren.postgres.SchemaOptions;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 18's rows: {@code migrateAll} of {@link Benchmarks#MANY} tenants whose first migration
 * creates 20 tables, for schema and database per tenant, and the shared run of row-level
 * security. Not ratios: there is no plain baseline for provisioning, so the figure is the time
 * against the target of 2 minutes for 1,000 schema tenants.
 */
final class MigrationBench {

    /** Tenants migrated at once: two cores, and each migration mostly waits on the server. */
    private static final int PARALLELISM = 4;

    private final Benchmarks report;

    MigrationBench(Benchmarks report) {
        this.report = report;
    }

    void migrations() throws Exception {
        PostgresTestServer pg = TestServers.postgres();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS bench_mig WITH (FORCE)");
            s.execute("CREATE DATABASE bench_mig");
        }
        PostgresConnection admin = PostgresConnection.of(pg.jdbcUrl("bench_mig"), pg.adminUser(), pg.adminPassword());
        try (Postgres schemas = Postgres.withSchemaIsolation(admin, SchemaOptions.builder().schemaPrefix("ms_")
                .rolePrefix("ms_").registrySchema("fahren_ms").build())) {
            run("schema per tenant", schemas, "");
        }
        Path dir = Files.createTempDirectory("fahren-bench-migrations");
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")),
                TenantSecrets.DEFAULT_PATTERN);
        try (Postgres databases = Postgres.withDatabaseIsolation(admin, secrets, DatabaseOptions.builder()
                .revokePublicConnect(true).prefix("md_").registrySchema("fahren_md").build())) {
            run("database per tenant", databases, "");
        }
        try (Postgres rls = Postgres.withRlsIsolation(admin, RlsOptions.builder().autoSetup(true)
                .registrySchema("fahren_mr").build())) {
            run("row-level security (shared tables, one run)", rls, "tenant_id text NOT NULL, ");
        }
    }

    private void run(String strategy, Postgres postgres, String tenantColumn) {
        PostgresManagement management = postgres.forManagement();
        long created = System.nanoTime();
        for (int t = 0; t < MANY; t++) {
            management.createTenant("m" + t);
        }
        double createSeconds = (System.nanoTime() - created) / 1e9;
        TenantMigrations migrations = TenantMigrations.of(postgres, MigrationOptions.builder()
                .locations(List.of("classpath:bench/migrations")).parallelism(PARALLELISM)
                .flyway(config -> config.placeholders(Map.of("tenantColumn", tenantColumn))).build());
        MigrationReport result = migrations.migrateAll();
        if (!result.succeeded()) {
            throw new IllegalStateException("the migration benchmark failed: " + result);
        }
        report.line(String.format(Locale.ROOT, "| `migrateAll`, %s: %,d tenants, a first migration of 20 tables, "
                + "parallelism %d | %.1f s | – (creating the tenants took %.1f s) | – | ≤ 2 min for 1,000 schema "
                + "tenants |", strategy, MANY, PARALLELISM, result.took().toMillis() / 1e3, createSeconds));
    }
}
