package io.fahren.postgres.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.TenantPlacement;
import io.fahren.test.TestConfig;
import io.fahren.testing.FahrenExtensions;
import io.fahren.testing.PostgresTestServer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fahren.postgres.servers}: tenant databases on two real servers through CDI configuration. */
class SeveralServersCdiTest {

    private static StartedServers pg;

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    private static final String APP_PASSWORD = "app-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        pg = StartedServers.start(2);
        pg.everywhere("CREATE ROLE cx_app LOGIN PASSWORD '" + APP_PASSWORD + "'");
    }

    @AfterAll
    static void stop() {
        pg.stop();
    }

    /** An application's own placement: every tenant whose id starts with "w" goes west. */
    @ApplicationScoped
    public static class WestForW implements TenantPlacement {
        @Override
        public String place(TenantId tenantId, Map<String, String> attributes, List<Candidate> candidates) {
            return tenantId.value().startsWith("w") ? "west" : "east";
        }
    }

    private Map<String, String> config() {
        Map<String, String> config = new HashMap<>();
        PostgresTestServer registry = pg.get(0);
        config.put("fahren.postgres.isolation", "database");
        config.put("fahren.postgres.url", registry.jdbcUrl("postgres"));
        config.put("fahren.postgres.username", registry.adminUser());
        config.put("fahren.postgres.password", registry.adminPassword());
        config.put("fahren.postgres.registry-schema", "fahren_cdi_servers");
        config.put("fahren.postgres.database.prefix", "c" + run.substring(0, 4) + "_");
        config.put("fahren.postgres.database.revoke-public-connect", "true");
        config.put("fahren.postgres.servers", "east,west");
        config.put("fahren.postgres.servers.east.url", pg.get(0).jdbcUrl("postgres"));
        config.put("fahren.postgres.servers.west.url", pg.get(1).jdbcUrl("postgres"));
        config.put("fahren.postgres.servers.west.username", pg.get(1).adminUser());
        config.put("fahren.postgres.servers.west.password", pg.get(1).adminPassword());
        config.put("fahren.postgres.servers.west.max-connections", "3");
        config.put("fahren.postgres.placement", "attribute");
        config.put("fahren.secrets.provider", "file");
        config.put("fahren.secrets.file.path", dir.resolve("secrets.json").toString());
        return config;
    }

    private static Weld weld() {
        return new Weld().disableDiscovery().addExtensions(FahrenExtensions.of(TenantId.class, Postgres.class));
    }

    private static int port(PostgresTenants tenants, String tenant) {
        return ((Number) tenants.queryAs(tenant, "SELECT inet_server_port() AS port").get(0).get("port")).intValue();
    }

    @Test
    void theConfiguredServersAndPlacementByAttribute() throws Exception {
        try (TestConfig ignored = TestConfig.with(config()); WeldContainer container = weld().initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            PostgresTenants tenants = container.select(PostgresTenants.class).get();
            management.createTenant("a-" + run, Map.of("server", "west"));
            management.createTenant("b-" + run, Map.of("server", "east"));
            assertThat(port(tenants, "a-" + run)).isEqualTo(pg.get(1).port());
            assertThat(port(tenants, "b-" + run)).isEqualTo(pg.get(0).port());
            assertThat(management.find("a-" + run).orElseThrow().attributes())
                    .containsEntry(TenantPlacement.ATTRIBUTE, "west");
            management.deleteTenant("a-" + run);
            management.deleteTenant("b-" + run);
        }
    }

    @Test
    void anApplicationPlacementBeanReplacesTheConfiguredOne() throws Exception {
        try (TestConfig ignored = TestConfig.with(config());
                WeldContainer container = weld().addBeanClass(WestForW.class).initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            PostgresTenants tenants = container.select(PostgresTenants.class).get();
            management.createTenant("w1-" + run, Map.of("server", "east")); // the bean wins over the attribute
            assertThat(port(tenants, "w1-" + run)).isEqualTo(pg.get(1).port());
            management.deleteTenant("w1-" + run);
        }
    }

    /** Schema per tenant, with per-tenant logins or a shared pool, takes the same keys. */
    @Test
    void schemasWithTheirOwnLoginsArePlacedByTheSameKeys() throws Exception {
        Map<String, String> schemas = config();
        schemas.put("fahren.postgres.isolation", "schema");
        schemas.put("fahren.postgres.schema.per-tenant-logins", "true");
        schemas.put("fahren.postgres.schema.prefix", "k" + run.substring(0, 4) + "_");
        try (TestConfig ignored = TestConfig.with(schemas); WeldContainer container = weld().initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            PostgresTenants tenants = container.select(PostgresTenants.class).get();
            management.createTenant("s-" + run, Map.of("server", "west"));
            assertThat(port(tenants, "s-" + run)).isEqualTo(pg.get(1).port());
            assertThat(tenants.queryAs("s-" + run, "SELECT current_schema() AS s").get(0))
                    .containsEntry("s", "k" + run.substring(0, 4) + "_s-" + run);
            management.deleteTenant("s-" + run);
        }
        // a shared pool per server: the tenants-side login, the same role on both servers
        schemas.put("fahren.postgres.schema.per-tenant-logins", "false");
        schemas.put("fahren.postgres.tenants.username", "cx_app");
        schemas.put("fahren.postgres.tenants.password", APP_PASSWORD);
        try (TestConfig ignored = TestConfig.with(schemas); WeldContainer container = weld().initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            PostgresTenants tenants = container.select(PostgresTenants.class).get();
            management.createTenant("p-" + run, Map.of("server", "west"));
            assertThat(pg.count(1, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", "k" + run.substring(0, 4)
                    + "_p-" + run)).as("the schema is on west").isEqualTo(1);
            assertThat(port(tenants, "p-" + run)).isEqualTo(pg.get(1).port());
            assertThat(tenants.queryAs("p-" + run, "SELECT session_user AS s, current_schema() AS c").get(0))
                    .containsEntry("s", "cx_app").containsEntry("c", "k" + run.substring(0, 4) + "_p-" + run);
            management.deleteTenant("p-" + run);
            assertThat(pg.count(1, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", "k" + run.substring(0, 4)
                    + "_p-" + run)).isZero();
        }
    }

    @Test
    void serversWithAnotherIsolationOrWithoutAUrlFailTheDeployment() {
        Map<String, String> rls = config();
        rls.put("fahren.postgres.isolation", "rls");
        try (TestConfig ignored = TestConfig.with(rls)) {
            assertThatThrownBy(() -> weld().initialize().close())
                    .hasStackTraceContaining("fahren.postgres.servers places tenant databases");
        }
        Map<String, String> citus = config();
        citus.put("fahren.postgres.isolation", "schema");
        citus.put("fahren.postgres.citus", "auto");
        try (TestConfig ignored = TestConfig.with(citus)) {
            assertThatThrownBy(() -> weld().initialize().close())
                    .hasStackTraceContaining("fahren.postgres.citus and fahren.postgres.servers both spread tenants");
        }
        Map<String, String> noUrl = config();
        noUrl.put("fahren.postgres.servers", "east,west,south");
        try (TestConfig ignored = TestConfig.with(noUrl)) {
            assertThatThrownBy(() -> weld().initialize().close())
                    .hasStackTraceContaining("fahren.postgres.servers.south.url is required");
        }
        Map<String, String> typo = config();
        typo.put("fahren.postgres.servers.west.max-conections", "3");
        try (TestConfig ignored = TestConfig.with(typo)) {
            assertThatThrownBy(() -> weld().initialize().close())
                    .hasStackTraceContaining("Unknown configuration key 'fahren.postgres.servers.west.max-conections'");
        }
    }
}
