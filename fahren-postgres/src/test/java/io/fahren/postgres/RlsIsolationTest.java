package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenException;
import io.fahren.NoTenantException;
import io.fahren.Tenants;
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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed project's RLS scenarios, and what Fahren adds, against a real PostgreSQL. */
@WithPostgres
class RlsIsolationTest {

    private static Postgres rls;
    private static PostgresManagement management;
    private static PostgresTenants tenants;
    private static PostgresConnection app;

    @BeforeAll
    static void start(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db,
                "CREATE TABLE orders (id bigserial PRIMARY KEY, tenant_id text NOT NULL, total int NOT NULL)",
                "CREATE INDEX orders_tenant ON orders (tenant_id)",
                "CREATE SCHEMA sales",
                "CREATE TABLE sales.invoices (id serial PRIMARY KEY, tenant_id text NOT NULL, amount int)",
                "CREATE TABLE countries (code text PRIMARY KEY)");
        app = PgFixture.newLogin(db, "app", "NOSUPERUSER NOBYPASSRLS");
        rls = Postgres.withRlsIsolation(PgFixture.admin(db),
                RlsOptions.builder().autoSetup(true).bindingMode(PgFixture.mode())
                        .tenantLogins(List.of(app.username())).build());
        management = rls.forManagement();
        management.createTenant("acme");
        management.createTenant("globex");
        tenants = rls.forTenants(app);
    }

    @AfterAll
    static void stop() {
        tenants.close();
        rls.close();
    }

    @Test
    void aTenantThatWasNeverCreatedFailsClearly() {
        assertThatThrownBy(() -> tenants.queryAs("initech", "SELECT * FROM orders"))
                .isInstanceOf(UnknownTenantException.class)
                .hasMessageContaining("'initech' does not exist");
    }

    @Test
    void theConnectionCarriesTheTenantSettingAndRole() {
        Map<String, Object> row = tenants.queryAs("acme",
                "SELECT current_setting('fahren.tenant_id') AS tenant, current_user AS role").get(0);
        assertThat(row).containsEntry("tenant", "acme").containsEntry("role", "fahren_tenant");
    }

    @Test
    void insertAndSelectThroughWithConnectionAndQueryAsOnDetectedTables() {
        tenants.withConnection("acme", c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO orders (tenant_id, total) VALUES ('acme', 10)");
                s.executeUpdate("INSERT INTO sales.invoices (tenant_id, amount) VALUES ('acme', 99)");
            }
        });
        assertThat(tenants.queryAs("acme", "SELECT total FROM orders WHERE total = ?", 10)).hasSize(1);
        assertThat(tenants.queryAs("acme", "SELECT amount FROM sales.invoices")).extracting(r -> r.get("amount"))
                .contains(99);
        assertThat(tenants.queryAs("globex", "SELECT * FROM sales.invoices")).isEmpty();
    }

    @Test
    void anotherTenantCannotReadUpdateOrDeleteTheRows() {
        String marker = "m-" + UUID.randomUUID();
        tenants.updateAs("acme", "INSERT INTO orders (tenant_id, total) VALUES (?, 7)", "acme");
        tenants.updateAs("acme", "INSERT INTO sales.invoices (tenant_id, amount) VALUES ('acme', 1)");
        assertThat(tenants.updateAs("globex", "UPDATE orders SET total = 0")).isZero();
        assertThat(tenants.updateAs("globex", "DELETE FROM orders")).isZero();
        assertThat(tenants.updateAs("globex", "DELETE FROM sales.invoices")).isZero();
        assertThat(tenants.queryAs("globex", "SELECT * FROM orders WHERE tenant_id = 'acme'")).isEmpty();
        assertThat(tenants.queryAs("acme", "SELECT * FROM orders WHERE total = 7")).isNotEmpty();
        assertThat(marker).isNotEmpty();
    }

    @Test
    void insertingARowForAnotherTenantIsRefusedByThePolicy() {
        assertThatThrownBy(() -> tenants.updateAs("globex", "INSERT INTO orders (tenant_id, total) VALUES ('acme', 1)"))
                .isInstanceOf(FahrenException.class)
                .hasMessageContaining("new row violates row-level security policy");
    }

    @Test
    void threeConcurrentQueriesOfOneTenantSeeExactlyItsRows() throws Exception {
        tenants.updateAs("globex", "INSERT INTO orders (tenant_id, total) VALUES ('globex', 3)");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<Map<String, Object>>>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(pool.submit(() -> tenants.queryAs("globex", "SELECT tenant_id FROM orders")));
            }
            for (Future<List<Map<String, Object>>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isNotEmpty()
                        .allSatisfy(row -> assertThat(row).containsEntry("tenant_id", "globex"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void createDeleteCreateAgainSeesNoOldRows(PostgresDatabase db) throws SQLException {
        management.createTenant("cyclic");
        tenants.updateAs("cyclic", "INSERT INTO orders (tenant_id, total) VALUES ('cyclic', 5)");
        tenants.updateAs("cyclic", "INSERT INTO sales.invoices (tenant_id, amount) VALUES ('cyclic', 5)");

        management.deleteTenant("cyclic");

        assertThatThrownBy(() -> tenants.queryAs("cyclic", "SELECT 1")).isInstanceOf(UnknownTenantException.class);
        assertThat(PgFixture.count(db, "SELECT count(*) FROM orders WHERE tenant_id = 'cyclic'")).isZero();
        assertThat(PgFixture.count(db, "SELECT count(*) FROM sales.invoices WHERE tenant_id = 'cyclic'")).isZero();
        management.createTenant("cyclic");
        assertThat(tenants.queryAs("cyclic", "SELECT * FROM orders")).isEmpty();
    }

    @Test
    void uuidShapedTenantIdsWork() {
        String id = UUID.randomUUID().toString();
        management.createTenant(id);
        tenants.updateAs(id, "INSERT INTO orders (tenant_id, total) VALUES (?, 1)", id);
        assertThat(tenants.queryAs(id, "SELECT tenant_id FROM orders")).extracting(r -> r.get("tenant_id"))
                .containsExactly(id);
    }

    @Test
    void tablesWithoutTheTenantColumnAreLeftAlone(PostgresDatabase db) throws SQLException {
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_policies WHERE tablename = 'countries'")).isZero();
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_policies WHERE policyname = 'fahren_tenant_isolation'"))
                .isEqualTo(2);
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_class WHERE relname IN ('orders', 'invoices') "
                + "AND relrowsecurity AND relforcerowsecurity")).isEqualTo(2);
    }

    @Test
    void thePolicyComparesTheBareColumnSoTheTenantIndexServes(PostgresDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT qual, with_check FROM pg_policies WHERE tablename = 'orders'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("(tenant_id = current_setting('fahren.tenant_id'::text, true))")
                    .doesNotContainIgnoringCase(" or ");
            // writes also need the tenant to exist (see DeleteWithOpenSessionsTest)
            assertThat(rs.getString(2)).isEqualTo("(" + rs.getString(1) + " AND fahren.rls_tenant_writable())");
        }
    }

    @Test
    void connectionsGoBackToThePoolClean() throws SQLException {
        tenants.queryAs("acme", "SELECT 1");
        assertClean();
        assertThatThrownBy(() -> tenants.withConnection("acme", c -> {
            throw new SQLException("boom inside the work");
        })).hasMessageContaining("boom inside the work");
        assertClean();
        assertThatThrownBy(() -> tenants.withConnection("acme", c -> c.createStatement().execute("SELECT * FROM nowhere")))
                .isInstanceOf(FahrenException.class);
        assertClean();
    }

    @Test
    void concurrentCreatesBeyondTheLockPoolAllFinishAndTheSameIdIsCreatedOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String id = i < 10 ? "conc-" + i : "conc-same";
                results.add(pool.submit(() -> {
                    try {
                        return management.createTenant(id).state().name();
                    } catch (io.fahren.TenantAlreadyExistsException e) {
                        return "exists";
                    }
                }));
            }
            List<String> outcomes = new java.util.ArrayList<>();
            for (Future<String> result : results) {
                outcomes.add(result.get(2, java.util.concurrent.TimeUnit.MINUTES));
            }
            assertThat(outcomes).filteredOn("ACTIVE"::equals).hasSize(11);
            assertThat(outcomes).filteredOn("exists"::equals).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTenantTableAddedLaterIsProtectedByTheNextCreateTenant(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE late_notes (id serial PRIMARY KEY, tenant_id text NOT NULL, body text)");
        try {
            management.createTenant("late-" + System.nanoTime() % 100000);
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_policies WHERE tablename = 'late_notes'"))
                    .as("autoSetup protected the new table").isEqualTo(1);
        } finally {
            PgFixture.execute(db, "DROP TABLE late_notes"); // the other tests count the policies
        }
    }

    @Test
    void aConnectionClosedInTheMiddleOfATransactionGoesBackClean() throws SQLException {
        try (Connection c = tenants.connection("acme")) {
            c.setAutoCommit(false);
            c.createStatement().execute("SELECT count(*) FROM orders");
        }
        assertClean();
    }

    /** No transaction left open in the pool; what rests there is bound to nothing or to one of this class's tenants. */
    private static void assertClean() throws SQLException {
        PoolAccess.assertResting(tenants, "acme", "globex", "cyclic");
    }

    @Test
    void theLoginRoleItselfSeesNothing() throws SQLException {
        try (Connection raw = tenants.pool().getConnection(); Statement s = raw.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM orders"))
                    .hasMessageContaining("permission denied for table orders");
        }
    }

    @Test
    void dataSourceBindsTheCurrentTenantPerConnection() throws Exception {
        DataSource ds = tenants.dataSource();
        String seen = Tenants.callAs("globex", () -> {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_setting('fahren.tenant_id')")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(seen).isEqualTo("globex");
        assertClean();
        assertThatThrownBy(ds::getConnection).isInstanceOf(NoTenantException.class);
        assertThatThrownBy(() -> Tenants.runAs("initech", () -> {
            try {
                ds.getConnection().close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        })).isInstanceOf(UnknownTenantException.class);
        assertClean();
    }
}
