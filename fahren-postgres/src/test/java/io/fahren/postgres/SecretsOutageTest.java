package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantProvisioningException;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.SecretsUnavailableException;
import io.fahren.secrets.TenantSecrets;
import io.fahren.test.OutageSecrets;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: the secrets backend becomes unreachable while database-per-tenant tenants are
 * in use ({@link OutageSecrets} stands in for an unreachable Vault).
 */
@WithPostgres
class SecretsOutageTest {

    @TempDir
    Path dir;

    @Test
    void createFailsLeavingNothingOpenPoolsKeepWorkingNewPoolsFailClearly(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        OutageSecrets backend = new OutageSecrets(new FileSecretsProvider(dir.resolve("secrets.json")));
        TenantSecrets secrets = new TenantSecrets(backend, TenantSecrets.DEFAULT_PATTERN);
        try (Postgres databases = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets,
                DatabaseOptions.builder().revokePublicConnect(true).prefix("so_").registrySchema("fahren_so").build());
                PostgresTenants tenants = databases.forTenants()) {
            PostgresManagement management = databases.forManagement();
            String open = "open-" + run;
            String cold = "cold-" + run;
            String created = "new-" + run;
            management.createTenant(open);
            management.createTenant(cold);
            assertThat(tenants.queryAs(open, "SELECT current_database() AS d").get(0)).containsEntry("d", "so_" + open);

            backend.down();
            long roles = PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE starts_with(rolname, 'so_')");
            long dbs = PgFixture.count(db, "SELECT count(*) FROM pg_database WHERE starts_with(datname, 'so_')");
            assertThatThrownBy(() -> management.createTenant(created)).isInstanceOf(TenantProvisioningException.class)
                    .hasRootCauseInstanceOf(java.net.ConnectException.class)
                    .satisfies(e -> assertThat(causes(e)).anyMatch(SecretsUnavailableException.class::isInstance));
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE starts_with(rolname, 'so_')"))
                    .isEqualTo(roles);
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_database WHERE starts_with(datname, 'so_')"))
                    .isEqualTo(dbs);
            assertThat(management.find(created)).isEmpty();

            // the open tenant's pool already holds its credentials
            for (int i = 0; i < 20; i++) {
                assertThat(tenants.queryAs(open, "SELECT 1 AS one").get(0)).containsEntry("one", 1);
            }
            // a tenant whose pool is not open needs its secret
            assertThatThrownBy(() -> tenants.queryAs(cold, "SELECT 1"))
                    .satisfies(e -> assertThat(causes(e)).anyMatch(SecretsUnavailableException.class::isInstance));

            backend.up();
            assertThat(tenants.queryAs(cold, "SELECT current_database() AS d").get(0)).containsEntry("d", "so_" + cold);
            management.createTenant(created);
            for (String tenant : new String[] {open, cold, created}) {
                management.deleteTenant(tenant);
            }
        }
    }

    static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
