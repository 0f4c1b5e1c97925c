package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.TenantProvisioningException;
import io.fahren.UnknownTenantException;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import io.fahren.FahrenConfigurationException;
import io.fahren.postgres.impl.database.DatabaseStrategy;
import io.fahren.postgres.impl.sql.Sql;
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
import org.junit.jupiter.api.io.TempDir;

/** The seed project's database scenarios, and what Fahren adds, against a real PostgreSQL. */
@WithPostgres
class DatabaseIsolationTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @TempDir
    static Path dir;

    private static TenantSecrets secrets;
    private static Postgres databases;
    private static PostgresManagement management;
    private static PostgresTenants tenants;

    private static String t(String name) {
        return name + "-" + RUN;
    }

    @BeforeAll
    static void start(PostgresDatabase db) {
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
        databases = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets,
                DatabaseOptions.builder().revokePublicConnect(true).registrySchema("fahren_db").build());
        management = databases.forManagement();
        tenants = databases.forTenants();
        management.createTenant(t("acme"));
        management.createTenant(t("globex"));
        for (String tenant : List.of(t("acme"), t("globex"))) {
            tenants.withConnection(tenant, c -> c.createStatement().execute("CREATE TABLE items (owner text)"));
        }
        tenants.updateAs(t("acme"), "INSERT INTO items VALUES (?)", t("acme"));
    }

    @AfterAll
    static void stop() {
        tenants.close();
        databases.close();
    }

    /** Integrity checks bypass row-level security, but PostgreSQL has no constraint across databases. */
    @Test
    void noConstraintReachesAnotherTenantsDatabase() {
        assertThatThrownBy(() -> tenants.withConnection(t("globex"), c -> c.createStatement().execute(
                "CREATE TABLE links (owner text REFERENCES \"tenant_" + t("acme") + "\".public.items (owner))")))
                .hasStackTraceContaining("cross-database references are not implemented");
    }

    @Test
    void eachTenantHasItsOwnDatabase() {
        assertThat(tenants.queryAs(t("acme"), "SELECT current_database() AS db, current_user AS u").get(0))
                .containsEntry("db", "tenant_" + t("acme")).containsEntry("u", "tenant_" + t("acme"));
    }

    @Test
    void rowsWrittenByOneTenantAreInvisibleToTheOther() {
        assertThat(tenants.queryAs(t("acme"), "SELECT owner FROM items")).extracting(r -> r.get("owner"))
                .containsExactly(t("acme"));
        assertThat(tenants.queryAs(t("globex"), "SELECT owner FROM items")).isEmpty();
    }

    @Test
    void credentialsAreLongRandomAndStoredAsASecret() {
        ConnectionSecret acme = secrets.load(TenantId.of(t("acme")), "postgres");
        ConnectionSecret globex = secrets.load(TenantId.of(t("globex")), "postgres");
        assertThat(acme.password()).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(globex.password());
        assertThat(acme.url()).endsWith("/tenant_" + t("acme"));
        assertThat(acme.toString()).doesNotContain(acme.password());
    }

    @Test
    void aTenantsCredentialsCannotConnectToAnotherTenantsDatabase() {
        ConnectionSecret acme = secrets.load(TenantId.of(t("acme")), "postgres");
        ConnectionSecret globex = secrets.load(TenantId.of(t("globex")), "postgres");
        assertThatThrownBy(() -> DriverManager.getConnection(acme.url(), globex.username(), globex.password()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied for database");
    }

    @Test
    void aTenantsLoginOpensNoDatabaseButItsOwn(PostgresDatabase db) {
        ConnectionSecret acme = secrets.load(TenantId.of(t("acme")), "postgres");
        for (String other : List.of("postgres", "template1", db.name())) {
            assertThatThrownBy(() -> DriverManager.getConnection(DatabaseStrategy.withDatabase(acme.url(), other),
                    acme.username(), acme.password()).close()).as(other).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied for database");
        }
    }

    @Test
    void withoutRevokingPublicConnectCreateRefusesAndTheTenantsSideRefusesWideLogins(PostgresDatabase db)
            throws SQLException {
        PgFixture.execute(db, "CREATE DATABASE " + Sql.identifier("open_" + RUN));
        try (Postgres strict = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets,
                DatabaseOptions.builder().prefix("st_").registrySchema("fahren_db").build())) {
            assertThatThrownBy(() -> strict.forManagement().createTenant(t("strict")))
                    .hasRootCauseInstanceOf(FahrenConfigurationException.class)
                    .hasStackTraceContaining("open_" + RUN).hasStackTraceContaining("revoke-public-connect");
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE rolname = ?", "st_" + t("strict")))
                    .as("nothing left behind").isZero();
            // a database that appears later makes existing tenant logins too wide: refused at connect
            ((DatabaseStrategy) databases.strategy()).pools().close(TenantId.of(t("acme")));
            assertThatThrownBy(() -> tenants.queryAs(t("acme"), "SELECT 1")).hasStackTraceContaining(
                    "can connect to databases other than its own");
        } finally {
            PgFixture.execute(db, "DROP DATABASE " + Sql.identifier("open_" + RUN));
        }
    }

    @Test
    void concurrentQueriesOfOneTenantWork() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Map<String, Object>>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> tenants.queryAs(t("acme"), "SELECT owner FROM items")));
            }
            for (Future<List<Map<String, Object>>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteDropsTheDatabaseTheRoleAndTheSecret(PostgresDatabase db) throws SQLException {
        String tenant = t("gone");
        management.createTenant(tenant);
        tenants.queryAs(tenant, "SELECT 1");
        ConnectionSecret old = secrets.load(TenantId.of(tenant), "postgres");

        management.deleteTenant(tenant);

        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_database WHERE datname = ?", "tenant_" + tenant)).isZero();
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE rolname = ?", "tenant_" + tenant)).isZero();
        assertThatThrownBy(() -> secrets.load(TenantId.of(tenant), "postgres")).isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> tenants.queryAs(tenant, "SELECT 1")).isInstanceOf(UnknownTenantException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(old.url(), old.username(), old.password()).close())
                .as("the deleted tenant cannot reconnect").isInstanceOf(SQLException.class);
    }

    @Test
    void aMissingTemplateLeavesNoDatabaseRoleOrSecret(PostgresDatabase db) throws SQLException {
        String tenant = t("notemplate");
        try (Postgres withTemplate = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets,
                DatabaseOptions.builder().revokePublicConnect(true).template("no_such_template").registrySchema("fahren_db").build())) {
            assertThatThrownBy(() -> withTemplate.forManagement().createTenant(tenant))
                    .isInstanceOf(TenantProvisioningException.class)
                    .hasMessageContaining("'postgres'")
                    .rootCause().hasMessageContaining("no_such_template");
        }
        assertNothingLeft(db, tenant);
    }

    @Test
    void aFailingSecretsBackendLeavesNoDatabaseOrRole(PostgresDatabase db) throws Exception {
        String tenant = t("nosecret");
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        TenantSecrets broken = new TenantSecrets(new FileSecretsProvider(notADirectory.resolve("secrets.json")),
                TenantSecrets.DEFAULT_PATTERN);
        try (Postgres withBrokenSecrets = Postgres.withDatabaseIsolation(PgFixture.admin(db), broken,
                DatabaseOptions.builder().revokePublicConnect(true).registrySchema("fahren_db").build())) {
            assertThatThrownBy(() -> withBrokenSecrets.forManagement().createTenant(tenant))
                    .isInstanceOf(TenantProvisioningException.class);
        }
        assertNothingLeft(db, tenant);
    }

    @Test
    void aShortGeneratedPasswordIsRefused(PostgresDatabase db) throws SQLException {
        String tenant = t("weak");
        try (Postgres weak = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets,
                DatabaseOptions.builder().revokePublicConnect(true).passwordGenerator(() -> "short").registrySchema("fahren_db").build())) {
            assertThatThrownBy(() -> weak.forManagement().createTenant(tenant))
                    .isInstanceOf(TenantProvisioningException.class)
                    .rootCause().hasMessageContaining("at least 32 characters");
        }
        assertNothingLeft(db, tenant);
    }

    private static void assertNothingLeft(PostgresDatabase db, String tenant) throws SQLException {
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_database WHERE datname = ?", "tenant_" + tenant)).isZero();
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE rolname = ?", "tenant_" + tenant)).isZero();
        assertThatThrownBy(() -> secrets.load(TenantId.of(tenant), "postgres")).isInstanceOf(SecretNotFoundException.class);
        assertThat(management.find(tenant)).isEmpty();
    }

    @Test
    void unknownTenantsFailBeforeAnySecretIsRead() {
        assertThatThrownBy(() -> tenants.queryAs(t("initech"), "SELECT 1")).isInstanceOf(UnknownTenantException.class);
        assertThatThrownBy(() -> tenants.withConnection(t("acme"), c -> c.createStatement().execute("SELECT * FROM nowhere")))
                .isInstanceOf(FahrenException.class);
    }
}
