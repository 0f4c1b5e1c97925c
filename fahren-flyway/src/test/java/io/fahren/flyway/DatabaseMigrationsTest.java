package io.fahren.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenants;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Database per tenant: migrations run in the tenant's own database, as its own login. */
@WithPostgres
class DatabaseMigrationsTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static TenantSecrets secrets;
    private static Postgres databases;
    private static PostgresTenants tenants;

    @BeforeAll
    static void start(PostgresDatabase db) throws Exception {
        Path dir = Files.createTempDirectory("fahren-flyway-secrets");
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")),
                TenantSecrets.DEFAULT_PATTERN);
        databases = Postgres.withDatabaseIsolation(Logins.admin(db), secrets,
                DatabaseOptions.builder().revokePublicConnect(true).registrySchema("fahren_mig_db").build());
        tenants = databases.forTenants();
    }

    @AfterAll
    static void stop() {
        if (tenants != null) {
            tenants.close();
        }
        if (databases != null) {
            databases.close();
        }
    }

    @Test
    void createTenantMigratesTheTenantsOwnDatabaseAsItsOwnLogin() {
        TenantMigrations migrations = TenantMigrations.of(databases, MigrationOptions.builder()
                .locations(List.of("classpath:db/v1", "classpath:db/v2")).build());
        PostgresManagement management = databases.forManagement(List.of(migrations.step()));
        String a = "dba-" + RUN;
        String b = "dbb-" + RUN;
        management.createTenant(a);
        management.createTenant(b);

        assertThat(migrations.status(a)).isEqualTo(new MigrationStatus(a, "2", List.of()));
        String login = management.ddl(a).login().username();
        assertThat(tenants.queryAs(a, "SELECT current_database() = ? AS own, pg_get_userbyid(relowner) AS owner "
                + "FROM pg_class WHERE relname = 'notes'", tenantDatabase(a)))
                .containsExactly(Map.of("own", true, "owner", login));
        tenants.updateAs(a, "INSERT INTO notes (body, author) VALUES ('of a', 'ann')");
        assertThat(tenants.queryAs(b, "SELECT count(*) AS n FROM notes")).containsExactly(Map.of("n", 0L));

        management.deleteTenant(a);
        assertThat(management.find(a)).isEmpty();
    }

    @Test
    void migrationsCountAgainstTheTenantPoolsConnectionCap(PostgresDatabase db) throws Exception {
        try (Postgres capped = Postgres.withDatabaseIsolation(Logins.admin(db), secrets, DatabaseOptions.builder()
                .revokePublicConnect(true).prefix("mcap_").registrySchema("fahren_mig_cap").maxConnections(2)
                .connectionTimeout(java.time.Duration.ofSeconds(1)).build());
                PostgresTenants cappedTenants = capped.forTenants()) {
            TenantMigrations migrations = TenantMigrations.of(capped, MigrationOptions.builder()
                    .locations(List.of("classpath:db/v1")).build());
            PostgresManagement management = capped.forManagement(List.of(migrations.step()));
            String a = "capa-" + RUN;
            String b = "capb-" + RUN;
            management.createTenant(a);
            capped.forManagement().createTenant(b); // not migrated yet

            // a migration holds two connections (Flyway's own and the history's); the cap allows two
            try (java.sql.Connection held = cappedTenants.connection(a);
                    java.sql.Connection alsoHeld = cappedTenants.connection(a)) {
                held.createStatement().execute("SELECT 1");
                alsoHeld.createStatement().execute("SELECT 1");
                assertThatThrownBy(() -> migrations.migrate(b)).isInstanceOf(TenantMigrationException.class)
                        .hasStackTraceContaining("fahren.postgres.pool.max-connections");
            }
            assertThat(migrations.migrate(b)).isEqualTo(1); // a's idle connection is closed to make room
        }
    }

    /** @return the tenant's database name, as the strategy names it */
    private static String tenantDatabase(String tenant) {
        String url = databases.forManagement().ddl(tenant).login().url();
        String path = url.substring(url.indexOf('/', url.indexOf("//") + 2) + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
