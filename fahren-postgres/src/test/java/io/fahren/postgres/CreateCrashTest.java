package io.fahren.postgres;

import io.fahren.postgres.PostgresEngine.Strategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.Tenant;
import io.fahren.TenantAlreadyExistsException;
import io.fahren.TenantState;
import io.fahren.test.Halt;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection: a process crash in front of every step of a real {@code createTenant}. A child
 * JVM ({@link CrashingCreate}) runs the call and is halted before its N-th statement, commit,
 * secret write or registry write ({@link Halt}); then a fresh management on the same server takes
 * over. At odd steps the next call is {@code createTenant}, which must clean up and provision a
 * working tenant (deleted afterwards); at even steps it is {@code deleteTenant}, which must clean
 * up. Either way the server's roles, schemas and databases, the registry and the secrets store end
 * as they were before: 0 orphans.
 */
@WithPostgres
class CreateCrashTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rls", "schema", "schema-logins", "database"})
    void aCrashBeforeAnyStepIsFinishedOrCleanedUpByTheNextCall(String kind, PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        PostgresConnection admin = PgFixture.admin(db);
        PostgresConnection app = PgFixture.newLogin(db, "crapp", "NOSUPERUSER NOBYPASSRLS");
        PgFixture.execute(db, "CREATE TABLE IF NOT EXISTS crash_notes (id serial PRIMARY KEY, tenant_id text NOT NULL "
                + "DEFAULT current_setting('fahren.tenant_id', true), body text)");
        Path secretsFile = dir.resolve("secrets.json");
        Map<String, String> env = Map.of(Halt.URL, admin.url(), Halt.USER, admin.username(), Halt.PASSWORD,
                admin.password(), Halt.SECRETS, secretsFile.toString(), Halt.RUN, run, CrashingCreate.APP,
                app.username());
        Strategy warmUp = CrashingCreate.strategy(kind, admin, run, app.username(), secretsFile, UnaryOperator.identity());
        try (Postgres postgres = new Postgres(admin, warmUp)) {
            // what a strategy sets up once (registry table, shared role, policies) belongs to "before"
            postgres.forManagement().createTenant("warm-up");
            postgres.forManagement().deleteTenant("warm-up");
        }
        CatalogSnapshot before = CatalogSnapshot.of(db);
        String tenant = "crash-" + run;
        List<String> report = Halt.beforeEveryStep(CrashingCreate.class, env, (crash, create) -> {
            Strategy strategy = CrashingCreate.strategy(kind, admin, run, app.username(), secretsFile,
                    UnaryOperator.identity());
            try (Postgres fresh = new Postgres(admin, strategy);
                    PostgresTenants tenants = fresh.forTenants(kind.equals("rls") || kind.equals("schema") ? app : admin)) {
                PostgresManagement management = fresh.forManagement();
                boolean finished = management.find(tenant).filter(Tenant::isActive).isPresent();
                if (finished) {
                    // halted after the create was recorded ACTIVE: it is done, and creating it again is refused
                    assertThatThrownBy(() -> management.createTenant(tenant))
                            .isInstanceOf(TenantAlreadyExistsException.class);
                    assertThat(tenants.queryAs(tenant, "SELECT 1 AS one").get(0)).containsEntry("one", 1);
                } else if (create) {
                    assertThat(management.createTenant(tenant).state()).isEqualTo(TenantState.ACTIVE);
                    assertThat(tenants.queryAs(tenant, "SELECT 1 AS one").get(0)).containsEntry("one", 1);
                }
                management.deleteTenant(tenant);
                assertThat(management.find(tenant)).as(crash.step()).isEmpty();
            }
            Set<String> orphans = CatalogSnapshot.of(db).difference(before);
            boolean secretsClean = !Files.exists(secretsFile) || !Files.readString(secretsFile).contains(tenant);
            assertThat(orphans).as("orphans after %s", crash.step()).isEmpty();
            assertThat(secretsClean).as("secrets after %s", crash.step()).isTrue();
            if (kind.equals("rls")) {
                assertThat(PgFixture.count(db, "SELECT count(*) FROM fahren_crash_rls.rls_tenants WHERE id = ?", tenant))
                        .as("RLS table of tenants after %s", crash.step()).isZero();
            }
            return "orphans 0";
        }, kind, tenant);
        System.out.printf("crash during createTenant, %s: %d crash points, all recovered with 0 orphans%n  %s%n", kind,
                report.size(), String.join("\n  ", report));
        assertThat(report.size()).as("crash points: the child must have had steps to halt at").isGreaterThanOrEqualTo(4);
    }
}
