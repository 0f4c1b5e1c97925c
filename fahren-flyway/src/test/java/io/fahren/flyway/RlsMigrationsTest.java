package io.fahren.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.RlsOptions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row-level security: the shared tables are migrated once, as the management login, and every
 * table a migration adds with the tenant column is protected in the same run, or the run fails.
 * Each test keeps its own Flyway history, since they share the database.
 */
@WithPostgres
class RlsMigrationsTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static PostgresDatabase db;
    private static PostgresConnection app;
    private static Postgres rls;
    private static PostgresTenants tenants;

    @BeforeAll
    static void start(PostgresDatabase database) throws SQLException {
        db = database;
        app = Logins.newLogin(db, "mig_rls_app");
        rls = Postgres.withRlsIsolation(Logins.admin(db), options().build());
        tenants = rls.forTenants(app);
    }

    private static RlsOptions.Builder options() {
        return RlsOptions.builder().autoSetup(true).policyName("p_mig").tenantRole("mig_rls_tenant")
                .registrySchema("fahren_mig_rls").tenantLogins(List.of(app.username()));
    }

    @AfterAll
    static void stop() {
        if (tenants != null) {
            tenants.close();
        }
        if (rls != null) {
            rls.close();
        }
    }

    private static TenantMigrations migrations(Postgres postgres, String history, String... locations) {
        return TenantMigrations.of(postgres, MigrationOptions.builder()
                // the database holds other tests' tables: an application adopting Flyway baselines it
                .flyway(config -> config.table(history).baselineOnMigrate(true).baselineVersion("0"))
                .locations(List.of(locations).stream().map(l -> "classpath:db/" + l).toList()).build());
    }

    @Test
    void createTenantMigratesTheSharedTablesOnceAndTheNewTableIsProtected() throws SQLException {
        TenantMigrations one = migrations(rls, "hist_one", "rls1");
        var management = rls.forManagement(List.of(one.step()));
        management.createTenant("one-a-" + RUN);
        management.createTenant("one-b-" + RUN);

        assertThat(historyRows("hist_one")).isEqualTo(1); // V1 ran once, for both tenants (after the baseline)
        assertThat(policies("rls_one_orders")).containsExactly("p_mig");
        tenants.updateAs("one-a-" + RUN, "INSERT INTO rls_one_orders (tenant_id, item) VALUES (?, 'of a')",
                "one-a-" + RUN);
        assertThat(tenants.queryAs("one-b-" + RUN, "SELECT item FROM rls_one_orders")).isEmpty();
        assertThat(tenants.queryAs("one-a-" + RUN, "SELECT item FROM rls_one_orders"))
                .containsExactly(Map.of("item", "of a"));
    }

    @Test
    void aTableAddedByALaterMigrationIsProtectedInTheSameRun() throws SQLException {
        var management = rls.forManagement(List.of(migrations(rls, "hist_two", "rls2a").step()));
        management.createTenant("two-a-" + RUN);
        management.createTenant("two-b-" + RUN);

        MigrationReport report = migrations(rls, "hist_two", "rls2a", "rls2b").migrateAll();

        assertThat(report.succeeded()).as(report.toString()).isTrue();
        assertThat(policies("rls_two_b")).containsExactly("p_mig");
        tenants.updateAs("two-a-" + RUN, "INSERT INTO rls_two_b (tenant_id, secret) VALUES (?, 'of a')", "two-a-" + RUN);
        assertThat(tenants.queryAs("two-b-" + RUN, "SELECT secret FROM rls_two_b")).isEmpty();
        assertThat(tenants.updateAs("two-b-" + RUN, "UPDATE rls_two_b SET secret = 'taken'")).isZero();
    }

    @Test
    void aTenantTableLeftOutOfTheTableListFailsTheMigration() throws SQLException {
        try (Postgres listed = Postgres.withRlsIsolation(Logins.admin(db), options()
                .tables(List.of("public.rls_three_listed")).build())) {
            TenantMigrations three = migrations(listed, "hist_three", "rls3");

            assertThatThrownBy(() -> three.migrate("three-" + RUN)).isInstanceOf(TenantMigrationException.class)
                    .hasMessageContaining("public.rls_three_forgotten")
                    .hasMessageContaining("no tenant policy")
                    .hasMessageContaining("fahren.postgres.rls.tables");
            assertThat(policies("rls_three_listed")).containsExactly("p_mig");
        }
    }

    private static long historyRows(String table) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM public." + table + " WHERE success AND type = 'SQL'")) { // the test's own table name
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<String> policies(String table) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement p = c.prepareStatement(
                "SELECT policyname FROM pg_policies WHERE schemaname = 'public' AND tablename = ?")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                List<String> names = new java.util.ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        }
    }
}
