package io.fahren.it.orders;

import io.fahren.it.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.it.Jwts;
import io.fahren.testing.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
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
 * Fahren's readiness check on Open Liberty's {@code mpHealth-4.0}, with the orders sample (database
 * per tenant, Redis ACL users): {@code /health/ready} goes DOWN when PostgreSQL or Redis stops and
 * UP again when it is back, and never names a tenant.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT {

    private static final String TENANT = "health-a";

    private final HttpClient http = Http.client();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return OrdersOverHttp.deployment("database", "acl", 7);
    }

    @Test
    @Order(1)
    void readyWithEveryProbeUpAndNoTenantNamed() throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "api/fahren/tenants"))
                .header("Authorization", "Bearer " + Jwts.token("ops", java.util.List.of("fahren-admin"), java.util.Map.of()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + TENANT + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(call("POST", base + "api/visits", TENANT)).startsWith("200 ");
        assertThat(call("GET", base + "api/orders", TENANT)).startsWith("200 ");
        String ready = ready();
        assertThat(ready).startsWith("200 ").contains("\"name\":\"fahren\"").contains("\"postgres\":\"UP\"")
                .contains("\"redis\":\"UP\"").contains("\"registry\":\"UP\"").contains("\"secrets\":\"UP\"")
                .contains("\"postgres.tenant-pools\":\"1/").doesNotContain(TENANT);
        assertThat(call("GET", root() + "health/live")).startsWith("200 ").contains("fahren-liveness");
    }

    @Test
    @Order(2)
    void readinessIsDownWhilePostgresIsStoppedAndUpAfterItRestarts() throws Exception {
        TestServers.postgres().stop();
        try {
            String down = awaitReady(response -> response.startsWith("503 "));
            assertThat(down).contains("\"postgres\":\"DOWN\"").contains("\"redis\":\"UP\"").doesNotContain(TENANT);
        } finally {
            TestServers.postgres().start();
        }
        assertThat(awaitReady(response -> response.startsWith("200 "))).contains("\"postgres\":\"UP\"");
        assertThat(servedAgain()).as("the tenant is served again after the restart").startsWith("200 ");
    }

    /**
     * @return the tenant's first successful answer after a restart, within 30 s: a connection that
     *         was pooled before the restart may fail one request before the pool replaces it (seen
     *         once on WildFly; the failures are printed)
     */
    private String servedAgain() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = call("GET", base + "api/orders", TENANT);
        int failed = 0;
        while (!last.startsWith("200 ") && System.nanoTime() < deadline) {
            failed++;
            System.out.println("HealthIT: a request after the restart failed: " + last);
            Thread.sleep(500);
            last = call("GET", base + "api/orders", TENANT);
        }
        System.out.println("HealthIT: served again after " + failed + " failed requests");
        return last;
    }

    @Test
    @Order(3)
    void readinessIsDownWhileRedisIsStoppedAndUpAfterItRestarts() throws Exception {
        TestServers.redis().stop();
        try {
            String down = awaitReady(response -> response.startsWith("503 "));
            assertThat(down).contains("\"redis\":\"DOWN\"").contains("\"postgres\":\"UP\"");
        } finally {
            TestServers.redis().start();
        }
        assertThat(awaitReady(response -> response.startsWith("200 "))).contains("\"redis\":\"UP\"");
    }

    private String awaitReady(Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = ready();
        while (!wanted.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            last = ready();
        }
        System.out.println("HealthIT: " + last);
        assertThat(last).matches(wanted::test, "the wanted readiness within 60 s");
        return last;
    }

    private String ready() throws IOException, InterruptedException {
        return call("GET", root() + "health/ready");
    }

    /** @return where MicroProfile Health answers: the HTTP port on Liberty, the management port on WildFly */
    private String root() {
        if ("wildfly".equals(System.getProperty("it.server"))) {
            return "http://127.0.0.1:" + System.getProperty("it.wildfly.management.port") + "/";
        }
        return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/";
    }

    private String call(String method, String url) throws IOException, InterruptedException {
        return call(method, url, null);
    }

    private String call(String method, String url, String tenant) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (tenant != null) {
            request.header("X-Tenant-ID", tenant);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().replace(" ", "");
    }
}
