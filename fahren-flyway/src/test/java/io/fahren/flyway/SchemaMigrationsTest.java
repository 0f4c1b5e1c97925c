package io.fahren.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantAlreadyExistsException;
import io.fahren.TenantProvisioningException;
import io.fahren.TenantState;
import io.fahren.UnknownTenantException;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.SchemaOptions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Schema per tenant: migrations run in the tenant's schema as its role, on {@code createTenant}
 * and in bulk, and a failure is the tenant's alone.
 */
@WithPostgres
class SchemaMigrationsTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static PostgresDatabase db;
    private static Postgres schemas;
    private static PostgresTenants tenants;

    @BeforeAll
    static void start(PostgresDatabase database) throws SQLException {
        db = database;
        PostgresConnection app = Logins.newLogin(db, "mig_app");
        schemas = Postgres.withSchemaIsolation(Logins.admin(db), SchemaOptions.builder().schemaPrefix("mig_")
                .rolePrefix("mig_").registrySchema("fahren_mig").tenantLogins(List.of(app.username())).build());
        tenants = schemas.forTenants(app);
    }

    @AfterAll
    static void stop() {
        if (tenants != null) {
            tenants.close();
        }
        if (schemas != null) {
            schemas.close();
        }
    }

    private static String t(String name) {
        return name + "-" + RUN;
    }

    private static TenantMigrations migrations(String... locations) {
        return TenantMigrations.of(schemas, MigrationOptions.builder()
                .locations(List.of(locations).stream().map(l -> "classpath:db/" + l).toList()).build());
    }

    @Test
    void createTenantMigratesTheNewSchemaAsTheTenantsRole() throws SQLException {
        TenantMigrations v2 = migrations("v1", "v2");
        schemas.forManagement(List.of(v2.step())).createTenant(t("fresh"));

        assertThat(v2.status(t("fresh"))).isEqualTo(new MigrationStatus(t("fresh"), "2", List.of()));
        assertThat(owners("mig_" + t("fresh"))).containsEntry("notes", "mig_" + t("fresh"))
                .containsEntry("flyway_schema_history", "mig_" + t("fresh"));
        tenants.updateAs(t("fresh"), "INSERT INTO notes (body, author) VALUES ('hello', 'ann')");
        assertThat(tenants.queryAs(t("fresh"), "SELECT body, author FROM notes"))
                .containsExactly(Map.of("body", "hello", "author", "ann"));
    }

    @Test
    void aFailedMigrationUndoesTheWholeCreate() throws SQLException {
        PostgresManagement management = schemas.forManagement(List.of(migrations("broken").step()));

        assertThatThrownBy(() -> management.createTenant(t("broken"))).isInstanceOf(TenantProvisioningException.class)
                .hasStackTraceContaining("Migrating tenant '" + t("broken") + "' failed (the first migration not applied "
                        + "is version 2)");

        assertThat(management.find(t("broken"))).isEmpty();
        assertThat(count("SELECT count(*) FROM pg_namespace WHERE nspname = ?", "mig_" + t("broken"))).isZero();
        assertThat(count("SELECT count(*) FROM pg_roles WHERE rolname = ?", "mig_" + t("broken"))).isZero();
    }

    @Test
    void migrateAllUpgradesEveryTenantAndRefusesTheOneThatFailedUntilItIsFixed() throws SQLException {
        List<String> created = createAtV1("bulk", 50); // the failing one among 50, as issue 18 asks
        tenants.updateAs(t("bulk3"), "INSERT INTO notes (body) VALUES (NULL)"); // V2 cannot apply here
        List<MigrationProgress> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        TenantMigrations v2 = TenantMigrations.of(schemas, MigrationOptions.builder()
                .locations(List.of("classpath:db/v1", "classpath:db/v2")).progressInterval(Duration.ofMillis(5))
                .progress(heard::add).build());

        MigrationReport report = v2.migrateAll();

        MigrationProgress last = heard.get(heard.size() - 1);
        int total = last.total();
        assertThat(total).isGreaterThanOrEqualTo(created.size());
        assertThat(last.finished()).isTrue();
        assertThat(last.failed()).isEqualTo(report.failed().size()).isPositive();
        assertThat(heard).extracting(MigrationProgress::done).isSorted();

        assertThat(report.failedTenants()).containsExactly(t("bulk3"));
        assertThat(report.failed().get(t("bulk3"))).hasMessageContaining("not applied is version 2")
                .hasMessageContaining("contains null values");
        for (String tenant : created) {
            if (!tenant.equals(t("bulk3"))) {
                assertThat(v2.status(tenant)).as(tenant).isEqualTo(new MigrationStatus(tenant, "2", List.of()));
                assertThat(report.migrated()).containsEntry(tenant, 1);
            }
        }
        MigrationStatus failed = v2.status(t("bulk3"));
        assertThat(failed.version()).isEqualTo("1");
        assertThat(failed.pending()).containsExactly("2");
        assertThat(failed.lastFailure().version()).isEqualTo("2");
        assertThat(failed.lastFailure().error()).contains("contains null values");
        assertThat(schemas.forManagement().find(t("bulk3")).orElseThrow().state()).isEqualTo(TenantState.MIGRATION_FAILED);
        assertThatThrownBy(() -> tenants.queryAs(t("bulk3"), "SELECT 1")).isInstanceOf(UnknownTenantException.class)
                .hasMessageContaining("MIGRATION_FAILED").hasMessageContaining("migrate it again");
        assertThatThrownBy(() -> schemas.forManagement().createTenant(t("bulk3")))
                .isInstanceOf(TenantAlreadyExistsException.class);

        execute("UPDATE \"mig_" + t("bulk3") + "\".notes SET body = 'fixed' WHERE body IS NULL");
        assertThat(v2.migrate(t("bulk3"))).isEqualTo(1);

        assertThat(v2.status(t("bulk3"))).isEqualTo(new MigrationStatus(t("bulk3"), "2", List.of()));
        assertThat(tenants.queryAs(t("bulk3"), "SELECT count(*) AS n FROM notes")).containsExactly(Map.of("n", 2L));
    }

    @Test
    void withServeAFailedTenantKeepsServingAtItsVersion() throws SQLException {
        createAtV1("serve", 2);
        tenants.updateAs(t("serve1"), "INSERT INTO notes (body) VALUES (NULL)");
        TenantMigrations serving = TenantMigrations.of(schemas, MigrationOptions.builder()
                .locations(List.of("classpath:db/v1", "classpath:db/v2")).onFailure(MigrationOptions.OnFailure.SERVE)
                .build());

        assertThatThrownBy(() -> serving.migrate(t("serve1"))).isInstanceOf(TenantMigrationException.class);

        assertThat(schemas.forManagement().find(t("serve1")).orElseThrow().isActive()).isTrue();
        assertThat(serving.status(t("serve1")).lastFailure().error()).contains("contains null values");
        assertThat(tenants.queryAs(t("serve1"), "SELECT count(*) AS n FROM notes")).containsExactly(Map.of("n", 2L));
    }

    private static List<String> createAtV1(String prefix, int count) {
        PostgresManagement management = schemas.forManagement(List.of(migrations("v1").step()));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            management.createTenant(t(prefix + i));
            created.add(t(prefix + i));
            tenants.updateAs(t(prefix + i), "INSERT INTO notes (body) VALUES ('fine')");
        }
        return created;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void twoRunsAtOnceMigrateEachTenantExactlyOnce() throws Exception {
        List<String> created = createAtV1("twice", 6);
        CompletableFuture<MigrationReport> first = CompletableFuture.supplyAsync(() -> migrations("v1", "v2").migrateAll());
        CompletableFuture<MigrationReport> second = CompletableFuture.supplyAsync(() -> migrations("v1", "v2").migrateAll());

        for (MigrationReport report : List.of(first.get(), second.get())) {
            assertThat(report.failed().keySet()).doesNotContainAnyElementsOf(created);
        }
        for (String tenant : created) {
            assertThat(count("SELECT count(*) FROM \"mig_" + tenant + "\".flyway_schema_history WHERE version = '2'"))
                    .as(tenant).isEqualTo(1);
            int applied = first.get().migrated().getOrDefault(tenant, 0) + second.get().migrated().getOrDefault(tenant, 0);
            assertThat(applied).as("V2 applied to " + tenant + " by both runs together").isEqualTo(1);
        }
    }

    @Test
    void aTenantsMigrationCannotReachAnotherTenantsSchema() {
        schemas.forManagement(List.of(migrations("v1").step())).createTenant(t("victim"));
        tenants.updateAs(t("victim"), "INSERT INTO notes (body) VALUES ('secret of the victim')");
        schemas.forManagement().createTenant(t("reacher"));
        TenantMigrations hostile = TenantMigrations.of(schemas, MigrationOptions.builder()
                .locations(List.of("classpath:db/hostile"))
                .flyway(config -> config.placeholders(Map.of("other", "mig_" + t("victim")))).build());

        assertThatThrownBy(() -> hostile.migrate(t("reacher"))).isInstanceOf(TenantMigrationException.class)
                .hasMessageContaining("permission denied for schema mig_" + t("victim"));
        assertThat(hostile.status(t("reacher")).version()).isNull();
    }

    @Test
    void aLocationWithNoScriptsFailsTheCreateInsteadOfLeavingATenantWithoutTables() {
        PostgresManagement management = schemas.forManagement(List.of(migrations("nothing-here").step()));

        assertThatThrownBy(() -> management.createTenant(t("empty"))).isInstanceOf(TenantProvisioningException.class)
                .hasStackTraceContaining("db/nothing-here");
        assertThat(management.find(t("empty"))).isEmpty();
    }

    @Test
    void flywaysOwnSettingsPassThroughOutOfOrderAndRepair() {
        schemas.forManagement(List.of(migrations("ooo-a").step())).createTenant(t("ooo"));
        TenantMigrations inOrder = migrations("ooo-a", "ooo-b");
        TenantMigrations outOfOrder = TenantMigrations.of(schemas, MigrationOptions.builder()
                .locations(List.of("classpath:db/ooo-a", "classpath:db/ooo-b")).flyway(config -> config.outOfOrder(true))
                .build());

        assertThatThrownBy(() -> inOrder.migrate(t("ooo"))).as("V2 is older than V3: Flyway refuses it in order")
                .isInstanceOf(TenantMigrationException.class).hasMessageContaining("Validate failed");
        assertThat(outOfOrder.migrate(t("ooo"))).isEqualTo(1);
        assertThat(schemas.forManagement().find(t("ooo")).orElseThrow().isActive()).isTrue();
        assertThat(outOfOrder.status(t("ooo"))).isEqualTo(new MigrationStatus(t("ooo"), "3", List.of()));
        outOfOrder.repair(t("ooo")); // nothing to repair: it runs, and the history stays as it is
        assertThat(outOfOrder.status(t("ooo"))).isEqualTo(new MigrationStatus(t("ooo"), "3", List.of()));
    }

    @Test
    void withTransactionBindingASessionLongRoleSwitchIsRefused() {
        try (Postgres pooled = Postgres.withSchemaIsolation(Logins.admin(db), SchemaOptions.builder()
                .schemaPrefix("migtx_").rolePrefix("migtx_").registrySchema("fahren_migtx")
                .bindingMode(io.fahren.postgres.BindingMode.TRANSACTION).build())) {
            PostgresManagement management = pooled.forManagement(List.of(TenantMigrations.of(pooled,
                    MigrationOptions.builder().locations(List.of("classpath:db/v1")).build()).step()));

            assertThatThrownBy(() -> management.createTenant(t("tx"))).isInstanceOf(TenantProvisioningException.class)
                    .hasStackTraceContaining("binding-mode=transaction they are refused");
            assertThat(management.find(t("tx"))).isEmpty();
        }
    }

    @Test
    void badInputIsRefusedWithAClearError() {
        TenantMigrations v1 = migrations("v1");
        assertThatThrownBy(() -> v1.migrate("Not A Valid Id!")).isInstanceOf(io.fahren.InvalidTenantIdException.class);
        assertThatThrownBy(() -> MigrationOptions.builder().parallelism(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> MigrationOptions.builder().locations(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("locations");
    }

    /** Every relation of the schema, with its owner. */
    private static Map<String, String> owners(String schema) throws SQLException {
        Map<String, String> owners = new java.util.HashMap<>();
        try (Connection c = db.connect(); PreparedStatement p = c.prepareStatement("SELECT c.relname, "
                + "pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relkind = 'r'")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    owners.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return owners;
    }

    private static long count(String sql, Object... params) throws SQLException {
        return Logins.count(db, sql, params);
    }
}
