package io.fahren.postgres.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantId;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.SchemaOptions;
import io.fahren.postgres.TenantPlacement;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.TenantServers;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.secrets.TenantSecrets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema per tenant with per-tenant logins on two real PostgreSQL servers: each tenant's schema
 * and role on the server its placement chose, served and migrated there, every lifecycle step
 * there, and tenants on one server kept apart as on a single one.
 */
class SeveralServersSchemaTest {

    private static StartedServers pg;

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private TenantSecrets secrets;
    private Postgres postgres;
    private PostgresManagement management;
    private PostgresTenants tenants;

    @BeforeAll
    static void startServers() {
        pg = StartedServers.start(2);
    }

    @AfterAll
    static void stopServers() {
        pg.stop();
    }

    private SchemaOptions.Builder options() {
        String prefix = "s" + run.substring(0, 4) + "_";
        return SchemaOptions.builder().schemaPrefix(prefix).rolePrefix(prefix).perTenantLogins(true)
                .registrySchema("fahren_schemas");
    }

    private TenantServers servers() {
        return TenantServers.of(List.of(TenantServer.of("east", pg.login(0)), TenantServer.of("west", pg.login(1))),
                TenantPlacement.byAttribute("server", TenantPlacement.fewestTenants()));
    }

    @BeforeEach
    void start() {
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
        postgres = Postgres.withSchemaIsolation(pg.login(0), options().build(), secrets, servers());
        management = postgres.forManagement();
        tenants = postgres.forTenants();
    }

    @AfterEach
    void stop() {
        for (var tenant : management.list()) {
            management.deleteTenant(tenant.id().value());
        }
        tenants.close();
        postgres.close();
    }

    private String t(int i) {
        return "t" + i + "-" + run;
    }

    private String schema(String tenant) {
        return "s" + run.substring(0, 4) + "_" + tenant;
    }

    private Map<String, Object> where(String tenant) {
        return tenants.queryAs(tenant, "SELECT inet_server_port() AS port, current_schema() AS schema").get(0);
    }

    private long schemasOn(int server, String tenant) throws Exception {
        return pg.count(server, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", schema(tenant));
    }

    @Test
    void tenantSchemasAreSpreadServedMigratedAndKeptApartOnTheirServers() throws Exception {
        Map<Integer, Integer> perServer = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            management.createTenant(t(i));
            int server = schemasOn(0, t(i)) == 1 ? 0 : 1;
            assertThat(schemasOn(1 - server, t(i))).as("only on one server").isZero();
            perServer.merge(server, 1, Integer::sum);
            assertThat(where(t(i))).containsEntry("port", pg.get(server).port()).containsEntry("schema", schema(t(i)));
            assertThat(management.ddl(t(i)).login().url()).as("its migrations run on its server")
                    .contains(":" + pg.get(server).port() + "/");
            assertThat(secrets.load(TenantId.of(t(i)), "postgres").url()).contains(":" + pg.get(server).port() + "/");
            tenants.withConnection(t(i), c -> c.createStatement().execute("CREATE TABLE notes (owner text)"));
            tenants.updateAs(t(i), "INSERT INTO notes VALUES (?)", t(i));
        }
        assertThat(perServer).containsOnly(Map.entry(0, 2), Map.entry(1, 2));
        for (int i = 0; i < 4; i++) {
            assertThat(tenants.queryAs(t(i), "SELECT owner FROM notes")).containsExactly(Map.of("owner", t(i)));
        }
        // two tenants on the same server: one cannot read the other's schema
        String first = t(0);
        String neighbour = null;
        for (int i = 1; i < 4 && neighbour == null; i++) {
            if (where(t(i)).get("port").equals(where(first).get("port"))) {
                neighbour = t(i);
            }
        }
        String other = neighbour;
        assertThat(other).isNotNull();
        assertThatThrownBy(() -> tenants.queryAs(first, "SELECT * FROM \"" + schema(other) + "\".notes"))
                .hasStackTraceContaining("permission denied");
    }

    @Test
    void suspendRotateDeleteRunOnTheTenantsServerAndAnUnknownServerLeavesNothing() throws Exception {
        management.createTenant(t(5), Map.of("server", "west"));
        assertThat(where(t(5))).containsEntry("port", pg.get(1).port());
        management.suspendTenant(t(5));
        assertThat(pg.count(1, "SELECT count(*) FROM pg_roles WHERE rolname = ? AND NOT rolcanlogin", schema(t(5))))
                .isEqualTo(1);
        management.resumeTenant(t(5));
        ConnectionSecret before = secrets.load(TenantId.of(t(5)), "postgres");
        management.rotateCredentials(t(5));
        assertThat(secrets.load(TenantId.of(t(5)), "postgres").password()).isNotEqualTo(before.password());
        assertThat(where(t(5))).containsEntry("port", pg.get(1).port());
        management.deleteTenant(t(5));
        assertThat(schemasOn(1, t(5))).isZero();
        assertThat(pg.count(1, "SELECT count(*) FROM pg_roles WHERE rolname = ?", schema(t(5)))).isZero();

        assertThatThrownBy(() -> management.createTenant(t(6), Map.of("server", "south")))
                .hasStackTraceContaining("asks for server 'south'");
        assertThat(management.find(t(6))).isEmpty();
        assertThat(schemasOn(0, t(6)) + schemasOn(1, t(6))).isZero();
        assertThatThrownBy(() -> secrets.load(TenantId.of(t(6)), "postgres")).isInstanceOf(SecretNotFoundException.class);
    }
}
