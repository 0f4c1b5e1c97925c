package io.fahren.hibernate;

import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** JPA over a database per tenant. */
@WithPostgres
class DatabaseJpaTest extends JpaIsolationContract {

    @TempDir
    Path dir;

    @Override
    protected void openStrategy(PostgresDatabase db) {
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("s.json")), TenantSecrets.DEFAULT_PATTERN);
        postgres = Postgres.withDatabaseIsolation(PostgresConnection.of(db.jdbcUrl(), db.user(), db.password()), secrets,
                DatabaseOptions.builder().revokePublicConnect(true).prefix("jd_").registrySchema("fahren_jpa").build());
        PostgresManagement management = postgres.forManagement();
        tenants = postgres.forTenants();
        for (String tenant : List.of(a(), b())) {
            management.createTenant(tenant);
            tenants.withConnection(tenant, c -> c.createStatement().execute(
                    "CREATE TABLE notes (id bigserial PRIMARY KEY, tenant_id text NOT NULL, body text); "
                            + "CREATE TABLE cached_notes (id bigint PRIMARY KEY, body text)"));
        }
    }
}
