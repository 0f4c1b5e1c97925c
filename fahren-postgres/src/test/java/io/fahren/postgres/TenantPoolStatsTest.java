package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.SharedPoolStats;
import io.fahren.TenantId;
import io.fahren.TenantPoolStats;
import io.fahren.internal.HealthProbe;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the per-tenant pools report to health checks and operators: pools and connections against
 * their caps, and a tenant whose every attempt to connect fails, until it connects again.
 */
@WithPostgres
class TenantPoolStatsTest {

    @TempDir
    Path dir;

    @Test
    void aTenantThatCannotConnectIsReportedUntilItConnectsAgain(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 4);
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("s.json")), TenantSecrets.DEFAULT_PATTERN);
        DatabaseOptions options = DatabaseOptions.builder().revokePublicConnect(true).prefix("stats_").maxConnections(6).maxTenants(5)
                .tenantPoolSize(2).connectionTimeout(Duration.ofMillis(800)).registrySchema("fahren_stats").build();
        String ok = "ok-" + run;
        String broken = "broken-" + run;
        try (Postgres databases = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets, options)) {
            databases.forManagement().createTenant(ok);
            databases.forManagement().createTenant(broken);
            PostgresTenants tenants = databases.forTenants();
            tenants.queryAs(ok, "SELECT 1");
            tenants.queryAs(broken, "SELECT 1");
            TenantPoolStats healthy = tenants.poolStats().orElseThrow();
            assertThat(healthy.openPools()).isEqualTo(2);
            assertThat(healthy.maxPools()).isEqualTo(5);
            assertThat(healthy.maxConnections()).isEqualTo(6);
            assertThat(healthy.activeConnections()).isZero();
            assertThat(healthy.idleConnections()).isBetween(2, 4);
            assertThat(healthy.failingTenants()).isEmpty();
            assertThat(healthy.withinCaps()).isTrue();

            String role = secrets.load(TenantId.of(broken), "postgres").username();
            PgFixture.execute(db, "ALTER ROLE " + Sql.identifier(role) + " NOLOGIN");
            try (Connection c = db.connect(); PreparedStatement kill = c.prepareStatement(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ?")) {
                kill.setString(1, role);
                kill.execute();
            }
            // the first use may get the pool's killed connection; the next must open a new one, and cannot
            assertThatThrownBy(() -> tenants.queryAs(broken, "SELECT 1"));
            assertThatThrownBy(() -> tenants.queryAs(broken, "SELECT 1"));
            TenantPoolStats failing = tenants.poolStats().orElseThrow();
            assertThat(failing.failingTenants()).containsOnlyKeys(TenantId.of(broken));

            HealthProbe.Result hidden = HealthProbe.pools(failing, new HealthProbe.Settings(false, 0));
            assertThat(hidden.up()).isFalse();
            assertThat(hidden.data()).containsEntry("failing-tenants", 1).doesNotContainKey("failing-tenant-ids");
            assertThat(hidden.data().toString()).doesNotContain(broken);
            assertThat(HealthProbe.pools(failing, new HealthProbe.Settings(true, 0)).data())
                    .containsEntry("failing-tenant-ids", broken);
            assertThat(HealthProbe.pools(failing, new HealthProbe.Settings(false, 3600)).up())
                    .as("failing for less than the threshold").isTrue();

            PgFixture.execute(db, "ALTER ROLE " + Sql.identifier(role) + " LOGIN");
            tenants.queryAs(broken, "SELECT 1");
            assertThat(tenants.poolStats().orElseThrow().failingTenants()).isEmpty();
        }
    }

    @Test
    void aSharedPoolReportsItsConnectionsAndNoPerTenantPools(PostgresDatabase db) throws Exception {
        PostgresConnection app = PgFixture.newLogin(db, "stats_rls", "NOSUPERUSER NOBYPASSRLS");
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), RlsOptions.builder().autoSetup(true)
                .tables(java.util.List.of()).tenantLogins(java.util.List.of(app.username())).build())) {
            rls.forManagement().createTenant("stats-rls");
            rls.forManagement().createTenant("stats-rls-2");
            try (PostgresTenants tenants = rls.forTenants(app)) {
                assertThat(tenants.poolStats()).isEmpty();
                tenants.queryAs("stats-rls", "SELECT 1");
                SharedPoolStats shared = tenants.sharedPoolStats().orElseThrow();
                assertThat(shared.maxConnections()).isEqualTo(RlsOptions.builder().build().poolSize());
                assertThat(shared.activeConnections()).isZero();
                assertThat(shared.idleConnections()).isPositive();
                assertThat(shared.waiting()).isZero();
                assertThat(shared.bindingFailures()).isZero();

                // the login may no longer act as the tenant role: switching the connection to another
                // tenant fails in its binding, which is counted
                PgFixture.execute(db, "REVOKE fahren_tenant FROM " + Sql.identifier(app.username()));
                try {
                    assertThatThrownBy(() -> tenants.queryAs("stats-rls-2", "SELECT 1"));
                    assertThat(tenants.sharedPoolStats().orElseThrow().bindingFailures()).isEqualTo(1);
                } finally {
                    PgFixture.execute(db, "GRANT fahren_tenant TO " + Sql.identifier(app.username()));
                }
                tenants.queryAs("stats-rls-2", "SELECT 1");
                assertThat(tenants.sharedPoolStats().orElseThrow().bindingFailures()).isEqualTo(1);
            }
        }
    }
}
