package io.fahren.it.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.it.Wars;
import io.fahren.testing.LeakCheckKit;
import io.fahren.testing.LeakReport;
import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tenant follows work to other threads on Open Liberty ({@code concurrent-3.0} and
 * {@code mpContextPropagation-1.3}), with row-level security on a real PostgreSQL and a tenants
 * pool of two connections: managed executors, scheduled executors, {@code ContextService},
 * {@code @Asynchronous}, MicroProfile's {@code ManagedExecutor}, {@code CompletionStage} and
 * {@code AsyncResponse} resources. A task captured with no tenant runs with none.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContextPropagationIT {

    private static final Pattern EXT_TENANT = Pattern.compile("\"ext_tenant\":\"([^\"]*)\"");

    private static final List<String> TENANTS = List.of("prop-a", "prop-b", "prop-c");

    private final HttpClient http = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        PostgresTestServer pg = TestServers.postgres();
        String database = "propagation";
        String app = "propagation_app";
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
            s.execute("DROP ROLE IF EXISTS " + app);
            s.execute("CREATE ROLE " + app + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'propagation-app-password'");
            s.execute("GRANT CONNECT ON DATABASE " + database + " TO " + app);
        }
        try (Connection c = pg.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id bigserial PRIMARY KEY, tenant_id text NOT NULL, body text NOT NULL)");
        }
        Map<String, String> config = new HashMap<>();
        config.put("fahren.postgres.isolation", "rls");
        config.put("fahren.postgres.url", pg.jdbcUrl(database));
        config.put("fahren.postgres.username", pg.adminUser());
        config.put("fahren.postgres.password", pg.adminPassword());
        config.put("fahren.postgres.tenants.username", app);
        config.put("fahren.postgres.tenants.password", "propagation-app-password");
        config.put("fahren.postgres.rls.auto-setup", "true");
        // two connections for every task of every tenant: they pass between tenants constantly
        config.put("fahren.postgres.pool.size", "2");
        // MicroProfile Telemetry's SDK for this application, exporting to the log, where the test reads it
        config.put("otel.sdk.disabled", "false");
        config.put("otel.service.name", "fahren-propagation-it");
        config.put("otel.traces.exporter", "logging");
        config.put("otel.metrics.exporter", "logging");
        config.put("otel.logs.exporter", "none");
        config.put("otel.metric.export.interval", "1000");
        config.put("fahren.secrets.provider", "file");
        config.put("fahren.secrets.file.path",
                Files.createTempDirectory("fahren-propagation-").resolve("secrets.json").toString());
        return Wars.of("propagation.war", config, "fahren.cdi.jar", "fahren.postgres.jar", "hikaricp.jar",
                        "postgresql.jar", "slf4j.api.jar", "slf4j.jdk14.jar")
                .addPackage(ContextPropagationIT.class.getPackage())
                .deleteClass(ContextPropagationIT.class);
    }

    @Test
    @Order(1)
    void tenantsWithRows() throws Exception {
        for (String tenant : TENANTS) {
            assertThat(call("POST", "prop/tenants/" + tenant, null)).isEqualTo("200 ACTIVE");
            assertThat(call("POST", "prop/notes/first-of-" + tenant, tenant)).isEqualTo("200 added");
        }
        assertThat(call("GET", "prop/here", "prop-a")).startsWith("200 prop-a [prop-a:first-of-prop-a] prop-a@");
    }

    @Test
    @Order(2)
    void everyManagedExecutorRunsTheTaskAsTheRequestsTenant() throws Exception {
        String identity = call("GET", "prop/here", "prop-b").split(" ")[3];
        String expected = "200 prop-b [prop-b:first-of-prop-b] " + identity;
        Map<String, String> seen = new TreeMap<>();
        for (String executor : List.of("tiny", "default", "scheduled", "default-scheduled", "mp", "stages")) {
            seen.put(executor, call("GET", "prop/stage/" + executor, "prop-b"));
        }
        seen.put("scheduled-later", call("GET", "prop/scheduled-later", "prop-b"));
        seen.put("suspended", call("GET", "prop/suspended", "prop-b"));
        System.out.println("ContextPropagationIT executors: " + seen);
        assertThat(seen).containsEntry("tiny", expected).containsEntry("scheduled", expected)
                .containsEntry("mp", expected).containsEntry("stages", expected)
                .containsEntry("scheduled-later", expected).containsEntry("suspended", expected)
                // Open Liberty's default managed executors clear application-provided contexts: the
                // task runs with no tenant (and fails fast where it needs one), never a stale one
                .containsEntry("default", "200 <none>").containsEntry("default-scheduled", "200 <none>");
        assertThat(call("GET", "prop/asynchronous", "prop-c")).isEqualTo("200 prop-c [prop-c:first-of-prop-c]");
    }

    @Test
    @Order(3)
    void aTaskCapturedWithoutATenantRunsWithoutOneOnAThreadThatHasOne() throws Exception {
        assertThat(call("GET", "prop/captured-without-tenant", "prop-a")).isEqualTo("200 <none> then prop-a");
    }

    @Test
    @Order(4)
    void interleavedTenantsOnATinyExecutorNeverReadAnotherTenantsRows() throws Exception {
        String tenants = String.join(",", TENANTS);
        for (String executor : List.of("tiny", "mp")) {
            String report = call("GET", "prop/interleaved/" + executor + "?tasks=60&tenants=" + tenants, null);
            System.out.println("ContextPropagationIT " + executor + ": " + report);
            assertThat(report).isEqualTo("200 ran=480 wrongTenant=0 foreignRows=0 failed=0");
        }
    }

    @Test
    @Order(5)
    void theLeakKitFindsNoLeakThroughAsynchronousReads() throws Exception {
        LeakReport report = LeakCheckKit.builder()
                .idPrefix("prop-leak")
                .provision(tenant -> assertThat(call("POST", "prop/tenants/" + tenant, null)).isEqualTo("200 ACTIVE"))
                .deprovision(tenant -> { })
                .seed((tenant, marker) -> assertThat(call("POST", "prop/notes/" + encode(marker), tenant))
                        .isEqualTo("200 added"))
                .read("CompletionStage on the tiny executor", tenant -> call("GET", "prop/stage/tiny", tenant))
                .read("MicroProfile ManagedExecutor", tenant -> call("GET", "prop/stage/mp", tenant))
                .read("@Asynchronous", tenant -> call("GET", "prop/asynchronous", tenant))
                .read("AsyncResponse", tenant -> call("GET", "prop/suspended", tenant))
                .threads(8)
                .run();
        System.out.println("ContextPropagationIT leak kit: " + report);
        report.assertNoLeaks();
    }

    @Test
    @Order(6)
    void libertysJsonLogShowsTheTenantOfEachLineAsExtTenant() throws Exception {
        String run = Long.toString(System.nanoTime());
        assertThat(call("POST", "prop/log/" + run, "prop-c")).isEqualTo("200 logged");
        assertThat(call("POST", "prop/log-free/" + run, null)).isEqualTo("200 logged");
        Path messages = Path.of(System.getProperty("it.server.messages"));
        Map<String, String> tenantOf = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (tenantOf.size() < 3 && System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(messages)) {
                for (String kind : List.of("request", "task", "free")) {
                    if (line.contains("fahren-log-check " + kind + " " + run)) {
                        Matcher ext = EXT_TENANT.matcher(line);
                        tenantOf.put(kind, ext.find() ? ext.group(1) : "<none>");
                    }
                }
            }
            Thread.sleep(200);
        }
        assertThat(tenantOf).containsEntry("request", "prop-c").containsEntry("task", "prop-c")
                .containsEntry("free", "<none>");
    }

    @Test
    @Order(7)
    void noServerThreadKeepsATenantAfterAsynchronousRequestsAndTasks() throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        for (int round = 0; round < 20; round++) {
            call("GET", "prop/suspended", TENANTS.get(round % 3));
            call("GET", "prop/stage/mp", TENANTS.get(round % 3));
            call("GET", "prop/stage/tiny", TENANTS.get(round % 3));
            for (int i = 0; i < 10; i++) {
                String state = get("thread-state");
                seen.merge(state, 1, Integer::sum);
            }
        }
        assertThat(seen).containsExactly(Map.entry("200 <none>", 200));
    }

    @Test
    @Order(8)
    void createTenantIsATracedSpanAndAMetricThroughMicroProfileTelemetry() throws Exception {
        assertThat(call("POST", "prop/tenants/prop-traced", null)).isEqualTo("200 ACTIVE");
        Path messages = Path.of(System.getProperty("it.server.messages"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean span = false;
        boolean metric = false;
        boolean tenantsGauge = false;
        while (!(span && metric && tenantsGauge) && System.nanoTime() < deadline) {
            String log = Files.readString(messages);
            span = log.contains("'fahren.tenant.create'") && log.contains("'fahren.tenant.provision'");
            metric = log.contains("name=fahren.tenant.operation.duration");
            tenantsGauge = log.contains("name=fahren.tenants,");
            Thread.sleep(500);
        }
        assertThat(span).as("the create span and its provision step in the logging exporter's output").isTrue();
        assertThat(metric).as("the duration histogram").isTrue();
        assertThat(tenantsGauge).as("the tenants-by-state gauge").isTrue();
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base.toString() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String call(String method, String path, String tenant) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString() + "api/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (tenant != null) {
            request.header("X-Tenant-ID", tenant);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
