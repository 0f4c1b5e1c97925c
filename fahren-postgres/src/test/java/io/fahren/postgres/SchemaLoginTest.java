package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.TenantProvisioningException;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema per tenant with per-tenant LOGIN credentials: no shared connection, no role switching. */
@WithPostgres
class SchemaLoginTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @TempDir
    static Path dir;

    private static TenantSecrets secrets;
    private static Postgres schemas;
    private static PostgresManagement management;
    private static PostgresTenants tenants;

    private static String t(String name) {
        return name + "-" + RUN;
    }

    @BeforeAll
    static void start(PostgresDatabase db) {
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
        SchemaOptions options = SchemaOptions.builder().perTenantLogins(true).schemaPrefix("tl_").rolePrefix("tl_")
                .registrySchema("fahren_tl").build();
        schemas = Postgres.withSchemaIsolation(PgFixture.admin(db), options, secrets);
        management = schemas.forManagement();
        tenants = schemas.forTenants();
        for (String tenant : List.of(t("acme"), t("globex"))) {
            management.createTenant(tenant);
            tenants.withConnection(tenant, c -> c.createStatement().execute("CREATE TABLE items (owner text)"));
            tenants.updateAs(tenant, "INSERT INTO items VALUES (?)", tenant);
        }
    }

    @AfterAll
    static void stop() {
        tenants.close();
        schemas.close();
    }

    @Test
    void eachTenantLogsInAsItsOwnRoleIntoItsOwnSchema() {
        Map<String, Object> row = tenants.queryAs(t("acme"), "SELECT current_user AS u, session_user AS s, "
                + "current_schema() AS c").get(0);
        assertThat(row).containsEntry("u", "tl_" + t("acme")).containsEntry("s", "tl_" + t("acme"))
                .containsEntry("c", "tl_" + t("acme"));
        assertThat(tenants.queryAs(t("acme"), "SELECT owner FROM items")).extracting(r -> r.get("owner"))
                .containsExactly(t("acme"));
    }

    @Test
    void hostileSqlCannotSwitchToAnotherTenant() {
        assertThatThrownBy(() -> tenants.queryAs(t("acme"), "SELECT * FROM \"tl_" + t("globex") + "\".items"))
                .isInstanceOf(FahrenException.class).hasMessageContaining("permission denied for schema");
        assertThatThrownBy(() -> tenants.withConnection(t("acme"), c -> c.createStatement()
                .execute("SET ROLE \"tl_" + t("globex") + "\"")))
                .isInstanceOf(FahrenException.class).hasMessageContaining("permission denied to set role");
        String afterReset = tenants.callWithConnection(t("acme"), c -> {
            c.createStatement().execute("RESET ROLE");
            try (var rs = c.createStatement().executeQuery("SELECT current_user")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(afterReset).as("RESET ROLE leads nowhere: the login is the tenant").isEqualTo("tl_" + t("acme"));
    }

    @Test
    void credentialsAreStoredAndOpenOnlyTheTenantsSchema() {
        ConnectionSecret acme = secrets.load(TenantId.of(t("acme")), "postgres");
        assertThat(acme.username()).isEqualTo("tl_" + t("acme"));
        assertThat(acme.password()).hasSizeGreaterThanOrEqualTo(32);
    }

    @Test
    void deleteDropsSchemaRoleAndSecretAndTheOldLoginFails(PostgresDatabase db) throws SQLException {
        String tenant = t("gone");
        management.createTenant(tenant);
        tenants.queryAs(tenant, "SELECT 1");
        ConnectionSecret old = secrets.load(TenantId.of(tenant), "postgres");

        management.deleteTenant(tenant);

        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", "tl_" + tenant)).isZero();
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE rolname = ?", "tl_" + tenant)).isZero();
        assertThatThrownBy(() -> secrets.load(TenantId.of(tenant), "postgres")).isInstanceOf(SecretNotFoundException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(old.url(), old.username(), old.password()).close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void aFailingSecretsBackendLeavesNoSchemaOrRole(PostgresDatabase db) throws Exception {
        String tenant = t("nosecret");
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        TenantSecrets broken = new TenantSecrets(new FileSecretsProvider(notADirectory.resolve("s.json")),
                TenantSecrets.DEFAULT_PATTERN);
        SchemaOptions options = SchemaOptions.builder().perTenantLogins(true).schemaPrefix("tl_").rolePrefix("tl_")
                .registrySchema("fahren_tl").build();
        try (Postgres withBrokenSecrets = Postgres.withSchemaIsolation(PgFixture.admin(db), options, broken)) {
            assertThatThrownBy(() -> withBrokenSecrets.forManagement().createTenant(tenant))
                    .isInstanceOf(TenantProvisioningException.class);
        }
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", "tl_" + tenant)).isZero();
        assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE rolname = ?", "tl_" + tenant)).isZero();
        assertThat(management.find(tenant)).isEmpty();
    }

    @Test
    void rotatingALoginKeepsTheTenantWorkingAndRefusesTheOldPassword() throws SQLException {
        String acme = t("acme");
        ConnectionSecret before = secrets.load(TenantId.of(acme), "postgres");
        assertThat(tenants.queryAs(acme, "SELECT owner FROM items")).hasSize(1);
        management.rotateCredentials(acme);
        ConnectionSecret after = secrets.load(TenantId.of(acme), "postgres");
        assertThat(after.password()).isNotEqualTo(before.password());
        assertThat(after.isRotating()).isFalse();
        assertThat(tenants.queryAs(acme, "SELECT owner FROM items")).hasSize(1);
        assertThatThrownBy(() -> DriverManager.getConnection(before.url(), before.username(), before.password()))
                .isInstanceOf(SQLException.class);
        DriverManager.getConnection(after.url(), after.username(), after.password()).close();
    }

    @Test
    void suspendingAPerTenantLoginSwitchesItOff() throws SQLException {
        String globex = t("globex");
        ConnectionSecret login = secrets.load(TenantId.of(globex), "postgres");
        management.suspendTenant(globex);
        try {
            assertThatThrownBy(() -> DriverManager.getConnection(login.url(), login.username(), login.password()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("not permitted to log in");
        } finally {
            management.resumeTenant(globex);
        }
        assertThat(tenants.queryAs(globex, "SELECT owner FROM items")).hasSize(1);
    }
}
