package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.TenantProvisioningException;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Setup conflicts, refused logins, and failures that must leave nothing behind. */
@WithPostgres
class RlsChecksTest {

    @Test
    void superuserOrBypassRlsLoginsAreRefusedForTheTenantsSide(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE refuse_t (tenant_id text)");
        PostgresConnection bypass = PgFixture.newLogin(db, "bypass", "NOSUPERUSER BYPASSRLS");
        RlsOptions options = RlsOptions.builder().tables(List.of("public.refuse_t")).policyName("p_refuse")
                .tenantLogins(List.of(bypass.username())).build();
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            rls.forManagement().setup();
            assertThatThrownBy(rls::forTenants)
                    .isInstanceOf(FahrenConfigurationException.class)
                    .hasMessageContaining("is a superuser")
                    .hasMessageContaining("NOSUPERUSER NOBYPASSRLS");
            assertThatThrownBy(() -> rls.forTenants(bypass))
                    .isInstanceOf(FahrenConfigurationException.class)
                    .hasMessageContaining("'" + bypass.username() + "' is BYPASSRLS");
        }
    }

    @Test
    void aLoginThatCannotSwitchToTheTenantRoleIsRefused(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE member_t (tenant_id text)");
        PostgresConnection stranger = PgFixture.newLogin(db, "stranger", "NOSUPERUSER NOBYPASSRLS");
        RlsOptions options = RlsOptions.builder().tables(List.of("public.member_t")).policyName("p_member").build();
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            rls.forManagement().setup();
            assertThatThrownBy(() -> rls.forTenants(stranger))
                    .isInstanceOf(FahrenConfigurationException.class)
                    .hasMessageContaining("cannot switch to the tenant role 'fahren_tenant'")
                    .hasMessageContaining("GRANT fahren_tenant TO " + stranger.username());
        }
    }

    @Test
    void withAutoSetupTheTenantsSideOpensBeforeTheFirstTenantAndChecksTheLoginOnceSetUp(PostgresDatabase db)
            throws SQLException {
        String run = java.util.UUID.randomUUID().toString().substring(0, 6);
        String tenant = "early-" + run;
        PgFixture.execute(db, "CREATE TABLE early_t (id serial PRIMARY KEY, tenant_id text NOT NULL "
                + "DEFAULT current_setting('fahren.tenant_id', true), v text)");
        PostgresConnection app = PgFixture.newLogin(db, "early", "NOSUPERUSER NOBYPASSRLS");
        PostgresConnection stranger = PgFixture.newLogin(db, "estranger", "NOSUPERUSER NOBYPASSRLS");
        RlsOptions.Builder options = RlsOptions.builder().tables(List.of("public.early_t")).policyName("p_early")
                .tenantRole("early_tenant_" + run).registrySchema("fahren_early").tenantLogins(List.of(app.username()));
        try (Postgres manual = Postgres.withRlsIsolation(PgFixture.admin(db), options.build())) {
            assertThatThrownBy(() -> manual.forTenants(app)).isInstanceOf(FahrenConfigurationException.class)
                    .hasMessageContaining("'early_tenant_" + run + "' does not exist yet");
        }
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options.autoSetup(true).build());
                PostgresTenants tenants = rls.forTenants(app);
                PostgresTenants strangers = rls.forTenants(stranger)) {
            rls.forManagement().createTenant(tenant);
            assertThat(tenants.updateAs(tenant, "INSERT INTO early_t (v) VALUES ('mine')")).isEqualTo(1);
            assertThat(tenants.queryAs(tenant, "SELECT v FROM early_t")).extracting(row -> row.get("v"))
                    .containsExactly("mine");
            assertThatThrownBy(() -> strangers.queryAs(tenant, "SELECT 1"))
                    .isInstanceOf(FahrenConfigurationException.class)
                    .hasMessageContaining("cannot switch to the tenant role 'early_tenant_" + run + "'");
            rls.forManagement().deleteTenant(tenant);
        }
    }

    @Test
    void aRegistrySchemaNameWithDollarQuotesCannotBreakOutOfTheWriteCheckFunction(PostgresDatabase db)
            throws SQLException {
        String run = java.util.UUID.randomUUID().toString().substring(0, 6);
        String tenant = "dollar-" + run;
        PgFixture.execute(db, "CREATE TABLE dollar_t (id serial PRIMARY KEY, tenant_id text NOT NULL "
                + "DEFAULT current_setting('fahren.tenant_id', true), v text)");
        PostgresConnection app = PgFixture.newLogin(db, "dollar", "NOSUPERUSER NOBYPASSRLS");
        RlsOptions options = RlsOptions.builder().tables(List.of("public.dollar_t")).policyName("p_dollar").autoSetup(true)
                .tenantRole("dollar_tenant_" + run).registrySchema("r$fahren$; DROP TABLE dollar_t; $fahren$")
                .tenantLogins(List.of(app.username())).build();
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            rls.forManagement().createTenant(tenant);
            try (PostgresTenants tenants = rls.forTenants(app)) {
                assertThat(tenants.updateAs(tenant, "INSERT INTO dollar_t (v) VALUES ('kept')")).isEqualTo(1);
            }
            rls.forManagement().deleteTenant(tenant);
        }
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'dollar_t'")).isEqualTo(1);
    }

    @Test
    void aTableWithoutForceRlsIsNamedInAWarning(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE unforced_t (tenant_id text)");
        PostgresConnection app = PgFixture.newLogin(db, "warn", "NOSUPERUSER NOBYPASSRLS");
        RlsOptions options = RlsOptions.builder().tables(List.of("public.unforced_t")).policyName("p_unforced")
                .forceRlsOnTableOwner(false).tenantLogins(List.of(app.username())).build();
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("io.fahren.postgres.impl.rls.RlsIsolation");
        logger.addHandler(capture);
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            rls.forManagement().setup();
            rls.forTenants(app).close();
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(warnings).anyMatch(w -> w.contains("public.unforced_t does not FORCE ROW LEVEL SECURITY"));
    }

    @Test
    void setupRefusesToAddASecondPolicyOfTheSameName(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE taken_t (tenant_id text)",
                "CREATE POLICY p_taken ON taken_t USING (true)");
        RlsOptions options = RlsOptions.builder().tables(List.of("public.taken_t")).policyName("p_taken").build();
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            assertThatThrownBy(() -> rls.forManagement().setup())
                    .isInstanceOf(FahrenConfigurationException.class)
                    .hasMessageContaining("public.taken_t already has a policy named 'p_taken'");
        }
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_policies WHERE tablename = 'taken_t'")).isEqualTo(1);
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_class WHERE relname = 'taken_t' AND relrowsecurity"))
                .as("the whole setup rolled back").isZero();
    }

    @Test
    void createWithoutSetupFailsAndLeavesNoTenant(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE plain_t (tenant_id text)");
        RlsOptions options = RlsOptions.builder().tables(List.of("public.plain_t")).policyName("p_plain")
                .registrySchema("fahren_plain").build();
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            assertThatThrownBy(() -> rls.forManagement().createTenant("acme"))
                    .isInstanceOf(TenantProvisioningException.class)
                    .hasRootCauseInstanceOf(FahrenConfigurationException.class)
                    .rootCause().hasMessageContaining("Row-level security is not set up on [public.plain_t]");
            assertThat(rls.forManagement().find("acme")).isEmpty();
        }
    }

    @Test
    void aServerThatCannotBeReachedGivesAClearError(PostgresDatabase db) {
        PostgresConnection wrong = PostgresConnection.of(db.jdbcUrl(), db.user(), "not-the-password");
        assertThatThrownBy(() -> Postgres.withRlsIsolation(wrong))
                .isInstanceOf(FahrenException.class)
                .hasMessageContaining("Cannot connect to PostgreSQL at " + db.jdbcUrl())
                .hasMessageContaining("fahren.postgres.url")
                .hasMessageNotContaining("not-the-password");
        assertThat(wrong.toString()).doesNotContain("not-the-password");
    }
}
