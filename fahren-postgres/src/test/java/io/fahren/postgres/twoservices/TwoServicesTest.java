package io.fahren.postgres.twoservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.RlsOptions;
import io.fahren.test.Halt;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The two-service deployment: a management service (here, this JVM) holds the management login
 * and creates tenants; a tenant-serving service ({@link TenantsService}, a JVM of its own
 * configured only through its environment) holds nothing but the tenants-side login. It serves
 * every tenant, keeps them apart, and cannot create, list or delete tenants.
 */
@WithPostgres
class TwoServicesTest {

    @Test
    void theTenantServingServiceRunsOnTenantCredentialsAlone(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String app = "two_" + run;
        String password = UUID.randomUUID().toString();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE two_notes (tenant_id text NOT NULL, body text)");
            s.execute("CREATE ROLE " + app + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + password + "'");
            s.execute("GRANT CONNECT ON DATABASE \"" + db.name() + "\" TO " + app);
        }
        String a = "a-" + run;
        String b = "b-" + run;
        try (Postgres management = Postgres.withRlsIsolation(PostgresConnection.of(db.jdbcUrl(), db.user(), db.password()),
                RlsOptions.builder().autoSetup(true).tables(List.of("public.two_notes")).policyName("p_two")
                        .tenantLogins(List.of(app)).build())) {
            management.forManagement().createTenant(a);
            management.forManagement().createTenant(b);
        }
        Map<String, String> env = Map.of(
                "FAHREN_POSTGRES_ISOLATION", "rls",
                "FAHREN_POSTGRES_URL", db.jdbcUrl(),
                "FAHREN_POSTGRES_TENANTS_USERNAME", app,
                "FAHREN_POSTGRES_TENANTS_PASSWORD", password,
                "FAHREN_POSTGRES_RLS_TABLES", "public.two_notes");
        Halt.Outcome service = Halt.child(TenantsService.class, Integer.MAX_VALUE, env, a, b);

        assertThat(service.output()).contains("SEEN " + a + " [written by " + a + "]")
                .contains("SEEN " + b + " [written by " + b + "]")
                .containsPattern("CREATE REFUSED FahrenConfigurationException: .*serves tenants only")
                .containsPattern("LIST REFUSED FahrenConfigurationException: .*serves tenants only")
                .containsPattern("DELETE REFUSED FahrenConfigurationException: .*serves tenants only");
        assertThat(service.exitCode()).as(service.output()).isZero();
    }
}
