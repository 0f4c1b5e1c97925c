package io.fahren.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.SchemaOptions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Migrations across processes: two JVMs running {@code migrateAll} at once migrate each tenant
 * exactly once (Flyway locks each tenant's history), and a JVM killed in the middle of a bulk run
 * leaves no tenant half migrated (each migration is one transaction), so the next run finishes it.
 */
@WithPostgres
class MigrationProcessesTest {

    private static final int TENANTS = 8;
    private static PostgresDatabase db;
    private static Postgres schemas;

    /** @return the schema strategy's options, the same in the test and in the children */
    static SchemaOptions options() {
        return SchemaOptions.builder().schemaPrefix("migp_").rolePrefix("migp_").registrySchema("fahren_migp")
                .build();
    }

    @BeforeAll
    static void start(PostgresDatabase database) {
        db = database;
        schemas = Postgres.withSchemaIsolation(Logins.admin(db), options());
    }

    @AfterAll
    static void stop() {
        if (schemas != null) {
            schemas.close();
        }
    }

    private static List<String> createAtV1(String prefix) {
        PostgresManagement management = schemas.forManagement(List.of(TenantMigrations.of(schemas,
                MigrationOptions.builder().locations(List.of("classpath:db/v1")).build()).step()));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            management.createTenant(prefix + i);
            created.add(prefix + i);
        }
        return created;
    }

    @Test
    void twoProcessesMigrateEachTenantExactlyOnce() throws Exception {
        List<String> created = createAtV1("twojvm");

        Process first = child();
        Process second = child();
        List<String> lines = new ArrayList<>(output(first));
        lines.addAll(output(second));

        assertThat(lines).noneMatch(l -> l.startsWith("FAILED"));
        Map<String, Integer> applied = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            if (parts[0].equals("APPLIED")) {
                applied.merge(parts[1], Integer.parseInt(parts[2]), Integer::sum);
            }
        }
        for (String tenant : created) {
            assertThat(applied.get(tenant)).as("V2 applied to " + tenant + " by both processes together").isEqualTo(1);
            assertThat(v2Rows(tenant)).isEqualTo(1);
        }
    }

    @Test
    void aProcessKilledInTheMiddleLeavesNoTenantHalfMigrated() throws Exception {
        List<String> created = createAtV1("killed");

        Process child = child();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (migrated(created) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // killed with migrations in flight

        int migrated = migrated(created);
        assertThat(migrated).as("tenants at V2 when the process died").isBetween(1, TENANTS - 1);
        for (String tenant : created) {
            int columns = addedColumns(tenant);
            long recorded = v2Rows(tenant);
            assertThat(columns == 0 && recorded == 0 || columns == 2 && recorded == 1)
                    .as(tenant + ": " + columns + " of V2's columns, " + recorded + " history rows").isTrue();
        }
        MigrationReport rerun = TenantMigrations.of(schemas, MigrationOptions.builder()
                .locations(List.of("classpath:db/v1", "classpath:db/slow")).parallelism(4).build()).migrateAll();
        assertThat(rerun.failedTenants()).doesNotContainAnyElementsOf(created);
        for (String tenant : created) {
            assertThat(addedColumns(tenant)).as(tenant).isEqualTo(2);
            assertThat(v2Rows(tenant)).as(tenant).isEqualTo(1);
        }
    }

    /** A child JVM on this JVM's class path, migrating every tenant to V2. */
    private static Process child() throws IOException {
        Path args = Files.createTempFile("fahren-migrate-child", ".args");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(args, StandardCharsets.UTF_8))) {
            out.println("-cp");
            // an argument file: the test class path is longer than some systems' command lines
            out.println('"' + System.getProperty("java.class.path").replace("\\", "\\\\") + '"');
        }
        PostgresConnection admin = Logins.admin(db);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + args, MigrateAllChild.class.getName(), admin.url(), admin.username(), "classpath:db/v1",
                "classpath:db/slow").redirectErrorStream(true);
        builder.environment().put("MIGRATION_CHILD_PASSWORD", admin.password());
        return builder.start();
    }

    /** @return the child's lines, once it has ended */
    private static List<String> output(Process child) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        }
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(String.join("\n", lines)).isZero();
        return lines;
    }

    private static int migrated(List<String> tenants) throws SQLException {
        int done = 0;
        for (String tenant : tenants) {
            done += (int) v2Rows(tenant);
        }
        return done;
    }

    private static int addedColumns(String tenant) throws SQLException {
        return (int) query("SELECT count(*) FROM information_schema.columns WHERE table_schema = ? AND table_name = "
                + "'notes' AND column_name IN ('author', 'edited')", "migp_" + tenant);
    }

    private static long v2Rows(String tenant) throws SQLException {
        // the schema name is built from the test's own tenant ids
        return query("SELECT count(*) FROM \"migp_" + tenant + "\".flyway_schema_history WHERE version = '2' AND success");
    }

    private static long query(String sql, Object... params) throws SQLException {
        return Logins.count(db, sql, params);
    }
}
