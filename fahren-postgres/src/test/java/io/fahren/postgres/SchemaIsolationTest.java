package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.TenantProvisioningException;
import io.fahren.UnknownTenantException;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed project's schema scenarios, and what Fahren adds, against a real PostgreSQL. */
@WithPostgres
class SchemaIsolationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static Postgres schemas;
    private static PostgresManagement management;
    private static PostgresTenants tenants;
    private static PostgresConnection app;

    /** Roles are server-wide, so tenant ids carry a per-run suffix. */
    private static String t(String name) {
        return name + "-" + RUN;
    }

    @BeforeAll
    static void start(PostgresDatabase db) throws SQLException {
        app = PgFixture.newLogin(db, "sapp", "NOSUPERUSER NOBYPASSRLS");
        schemas = Postgres.withSchemaIsolation(PgFixture.admin(db),
                SchemaOptions.builder().bindingMode(PgFixture.mode()).tenantLogins(List.of(app.username())).build());
        management = schemas.forManagement();
        tenants = schemas.forTenants(app);
        for (String tenant : List.of(t("acme"), t("globex"))) {
            management.createTenant(tenant);
            tenants.withConnection(tenant, c -> c.createStatement().execute(
                    "CREATE TABLE items (id serial PRIMARY KEY, owner text NOT NULL)"));
            tenants.updateAs(tenant, "INSERT INTO items (owner) VALUES (?)", tenant);
        }
    }

    @AfterAll
    static void stop() {
        tenants.close();
        schemas.close();
    }

    /**
     * Integrity checks bypass row-level security, but here every constraint lives among one
     * tenant's objects: keys are per schema, and no tenant may reference another's table.
     */
    @Test
    void constraintsReachNoFurtherThanTheTenantsOwnSchema() {
        for (String tenant : List.of(t("acme"), t("globex"))) {
            tenants.withConnection(tenant, c -> c.createStatement().execute("CREATE TABLE codes (code text PRIMARY KEY, "
                    + "parent text REFERENCES codes (code) ON DELETE CASCADE)"));
            assertThat(tenants.updateAs(tenant, "INSERT INTO codes VALUES ('WELCOME', NULL), ('CHILD', 'WELCOME')"))
                    .as("the same key in each schema, no conflict and so no oracle").isEqualTo(2);
        }
        assertThatThrownBy(() -> tenants.withConnection(t("globex"), c -> c.createStatement().execute(
                "CREATE TABLE links (code text REFERENCES \"tenant_" + t("acme") + "\".codes (code) ON DELETE CASCADE)")))
                .hasStackTraceContaining("permission denied for schema tenant_" + t("acme"));
        tenants.updateAs(t("acme"), "DELETE FROM codes WHERE code = 'WELCOME'");
        assertThat(tenants.queryAs(t("globex"), "SELECT code FROM codes ORDER BY code")).extracting(r -> r.get("code"))
                .containsExactly("CHILD", "WELCOME");
    }

    @Test
    void theConnectionUsesTheTenantsRoleAndSchema() {
        Map<String, Object> row = tenants.queryAs(t("acme"), "SELECT current_schema() AS s, current_user AS u").get(0);
        assertThat(row).containsEntry("s", "tenant_" + t("acme")).containsEntry("u", "tenant_" + t("acme"));
    }

    @Test
    void tablesOfTheSameNameAreIndependent() {
        assertThat(tenants.queryAs(t("acme"), "SELECT owner FROM items")).extracting(r -> r.get("owner"))
                .containsOnly(t("acme"));
        assertThat(tenants.queryAs(t("globex"), "SELECT owner FROM items")).extracting(r -> r.get("owner"))
                .containsOnly(t("globex"));
    }

    @Test
    void anotherTenantsSchemaGivesPermissionDenied() {
        assertThatThrownBy(() -> tenants.queryAs(t("globex"), "SELECT * FROM \"tenant_" + t("acme") + "\".items"))
                .isInstanceOf(FahrenException.class)
                .hasMessageContaining("permission denied for schema tenant_" + t("acme"));
    }

    @Test
    void unknownTenantsFail() {
        assertThatThrownBy(() -> tenants.queryAs(t("initech"), "SELECT 1")).isInstanceOf(UnknownTenantException.class);
    }

    @Test
    void concurrentQueriesOfOneTenantWork() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Map<String, Object>>>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> tenants.queryAs(t("acme"), "SELECT owner FROM items")));
            }
            for (Future<List<Map<String, Object>>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).extracting(r -> r.get("owner")).containsOnly(t("acme"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eightConcurrentCreatesOfDifferentTenantsAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String tenant = t("par" + i);
                creates.add(pool.submit(() -> management.createTenant(tenant)));
            }
            for (Future<?> create : creates) {
                create.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 8; i++) {
            assertThat(tenants.queryAs(t("par" + i), "SELECT current_schema() AS s").get(0))
                    .containsEntry("s", "tenant_" + t("par" + i));
            management.deleteTenant(t("par" + i));
        }
    }

    @Test
    void deleteDropsTheSchemaAndTheRole(PostgresDatabase db) throws SQLException {
        String tenant = t("gone");
        management.createTenant(tenant);
        tenants.withConnection(tenant, c -> c.createStatement().execute("CREATE TABLE notes (body text)"));

        management.deleteTenant(tenant);

        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", "tenant_" + tenant)).isZero();
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE rolname = ?", "tenant_" + tenant)).isZero();
        assertThatThrownBy(() -> tenants.queryAs(tenant, "SELECT 1")).isInstanceOf(UnknownTenantException.class);
    }

    @Test
    void aFailedCreateLeavesNoRoleAndTouchesNothingElse(PostgresDatabase db) throws SQLException {
        String tenant = t("taken");
        PgFixture.execute(db, "CREATE SCHEMA \"tenant_" + tenant + "\"", "CREATE TABLE \"tenant_" + tenant + "\".keep (x int)");

        assertThatThrownBy(() -> management.createTenant(tenant))
                .isInstanceOf(TenantProvisioningException.class)
                .hasMessageContaining("'postgres'");

        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE rolname = ?", "tenant_" + tenant)).isZero();
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_tables WHERE schemaname = ?", "tenant_" + tenant))
                .as("someone else's schema is left alone").isEqualTo(1);
        assertThat(management.find(tenant)).isEmpty();
    }

    @Test
    void connectionsGoBackToThePoolClean() throws SQLException {
        tenants.queryAs(t("acme"), "SELECT 1");
        assertClean();
        assertThatThrownBy(() -> tenants.withConnection(t("acme"), c -> c.createStatement().execute("SELECT * FROM nowhere")))
                .isInstanceOf(FahrenException.class);
        assertClean();
    }

    /** No transaction left open in the pool; what rests there is bound to nothing or to acme. */
    private static void assertClean() throws SQLException {
        PoolAccess.assertResting(tenants, t("acme"));
    }

    @Test
    void aSuperuserLoginIsRefusedForTheTenantsSide() {
        assertThatThrownBy(schemas::forTenants)
                .isInstanceOf(FahrenConfigurationException.class)
                .hasMessageContaining("superuser");
    }

    @Test
    void noTransactionOnAOneConnectionPoolSeesAnotherTenantsSchema(PostgresDatabase db) throws Exception {
        int tenantCount = 20;
        SchemaOptions options = SchemaOptions.builder().poolSize(1).registrySchema("fahren_leak")
                .bindingMode(PgFixture.mode()).tenantLogins(List.of(app.username())).build();
        try (Postgres leakSchemas = Postgres.withSchemaIsolation(PgFixture.admin(db), options)) {
            PostgresManagement leakManagement = leakSchemas.forManagement();
            for (int i = 0; i < tenantCount; i++) {
                leakManagement.createTenant(t("leak" + i));
            }
            try (PostgresTenants one = leakSchemas.forTenants(app)) {
                for (int i = 0; i < tenantCount; i++) {
                    String tenant = t("leak" + i);
                    one.withConnection(tenant, c -> c.createStatement().execute("CREATE TABLE marks (owner text)"));
                    one.updateAs(tenant, "INSERT INTO marks VALUES (?)", tenant);
                }
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < tenantCount; i++) {
                    ids.add(t("leak" + i));
                }
                PooledLeakRun.run("Schema", one, ids, 1, (on, tenant) -> on.queryAs(tenant, "SELECT owner FROM marks").stream()
                        .map(row -> (String) row.get("owner")).toList());
            }
            for (int i = 0; i < tenantCount; i++) {
                leakManagement.deleteTenant(t("leak" + i));
            }
        }
    }

    /**
     * The tenants login keeps its session, but the server itself refuses SET ROLE to a suspended
     * tenant's role: hostile SQL on a shared connection cannot switch to it either.
     */
    @Test
    void aSuspendedTenantsRoleCannotBeTakenOnTheSharedLoginUntilResumed() throws SQLException {
        String acme = t("acme");
        management.suspendTenant(acme);
        try (java.sql.Connection raw = java.sql.DriverManager.getConnection(app.url(), app.username(), app.password());
                java.sql.Statement s = raw.createStatement()) {
            assertThatThrownBy(() -> s.execute("SET ROLE " + io.fahren.postgres.impl.sql.Sql.identifier("tenant_" + acme)))
                    .hasMessageContaining("permission denied to set role");
            assertThatThrownBy(() -> tenants.queryAs(acme, "SELECT 1")).isInstanceOf(io.fahren.TenantSuspendedException.class);
            assertThat(tenants.queryAs(t("globex"), "SELECT owner FROM items")).hasSize(1);
            management.resumeTenant(acme);
            s.execute("SET ROLE " + io.fahren.postgres.impl.sql.Sql.identifier("tenant_" + acme));
            s.execute("RESET ROLE");
        } finally {
            management.resumeTenant(acme);
        }
        assertThat(tenants.queryAs(acme, "SELECT owner FROM items")).extracting(r -> r.get("owner")).containsExactly(acme);
    }
}
