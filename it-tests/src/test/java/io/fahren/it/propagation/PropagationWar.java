package io.fahren.it.propagation;

import io.fahren.it.Http;
import io.fahren.it.Wars;
import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The application of the propagation tests: row-level security on a fresh database of the test
 * PostgreSQL, a tenants pool of two connections, MicroProfile Telemetry exporting to the server
 * log, and this package's resources.
 */
final class PropagationWar {

    private static final HttpClient HTTP = Http.client();

    private PropagationWar() {
    }

    /**
     * @param base the deployed application's URL
     * @param method the HTTP method
     * @param path below the REST root
     * @param tenant the X-Tenant-ID header, or null for none
     * @return the status and the body
     */
    static String call(URL base, String method, String path, String tenant) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString() + "api/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (tenant != null) {
            request.header("X-Tenant-ID", tenant);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    /**
     * @param name the WAR's and the database's name
     * @return the WAR, without the test classes of this package
     */
    static WebArchive of(String name) throws Exception {
        PostgresTestServer pg = TestServers.postgres();
        String database = name;
        String app = name + "_app";
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
        // MicroProfile Telemetry's SDK for this application, exporting to the log, where a test reads it
        config.put("otel.sdk.disabled", "false");
        config.put("otel.service.name", "fahren-" + name + "-it");
        config.put("otel.traces.exporter", "logging");
        config.put("otel.metrics.exporter", "logging");
        config.put("otel.logs.exporter", "none");
        config.put("otel.metric.export.interval", "1000");
        config.put("fahren.secrets.provider", "file");
        config.put("fahren.secrets.file.path",
                Files.createTempDirectory("fahren-" + name + "-").resolve("secrets.json").toString());
        return Wars.of(name + ".war", config, "fahren.cdi.jar", "fahren.postgres.jar", "hikaricp.jar",
                        "postgresql.jar", "slf4j.api.jar", "slf4j.jdk14.jar")
                .addPackage(PropagationWar.class.getPackage())
                .deleteClasses(PropagationWar.class, ContextPropagationIT.class, LibertyObservabilityIT.class);
    }
}
