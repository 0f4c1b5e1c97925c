package io.fahren.it.admin;

import io.fahren.it.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.it.Jwts;
import io.fahren.it.Wars;
import io.fahren.it.http.WhoAmI;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
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
 * The admin API of {@code fahren-admin} over HTTP on Open Liberty, with MicroProfile JWT: no token
 * is a 401, a token without the admin role a 403, an admin gets 2xx; malformed input is a 400
 * problem, never a 500; a suspended tenant gets 423 from the tenant filter; a bulk rotation is a
 * 202 job that finishes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiIT {

    private static final String ADMIN = Jwts.token("ops", List.of("fahren-admin"), Map.of());
    private static final String READER = Jwts.token("eve", List.of("reader"), Map.of());

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.of("admin-api.war", Jwts.serverConfig(), "fahren.cdi.jar", "fahren.admin.jar")
                .addClasses(AdminApplication.class, WhoAmI.class);
    }

    /** @return "status problem? body", and the Location header after a '@' when there is one */
    private String call(String method, String path, String token, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = Http.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        return response.statusCode() + (type.startsWith("application/problem+json") ? " problem " : " ") + response.body()
                + response.headers().firstValue("Location").map(l -> " @" + l).orElse("");
    }

    @Test
    @Order(1)
    void onlyAuthenticatedAdminsAreLetIn() throws Exception {
        assertThat(call("GET", "fahren/tenants", null, null)).startsWith("401 problem ").contains("authenticated");
        assertThat(call("GET", "fahren/tenants", READER, null)).startsWith("403 problem ").contains("fahren-admin");
        assertThat(call("POST", "fahren/tenants", READER, "{\"id\":\"sneaky\"}")).startsWith("403 problem ");
        assertThat(call("GET", "fahren/tenants/sneaky", ADMIN, null)).startsWith("404 problem ");
        assertThat(call("GET", "fahren/tenants", ADMIN, null)).startsWith("200 ").contains("\"tenants\":[]");
    }

    @Test
    @Order(2)
    void tenantsAreCreatedWithAttributesAndMalformedInputIsA400() throws Exception {
        assertThat(call("POST", "fahren/tenants", ADMIN, "{\"id\":\"acme\",\"attributes\":{\"plan\":\"pro\"}}"))
                .startsWith("201 ").contains("\"state\":\"ACTIVE\"").contains("\"plan\":\"pro\"")
                .endsWith("/api/fahren/tenants/acme");
        for (String id : List.of("globex", "initech", "umbrella", "hooli")) {
            assertThat(call("POST", "fahren/tenants", ADMIN, "{\"id\":\"" + id + "\"}")).startsWith("201 ");
        }
        assertThat(call("POST", "fahren/tenants", ADMIN, "{\"id\":\"acme\"}")).startsWith("409 problem ");
        assertThat(call("POST", "fahren/tenants", ADMIN, "{\"id\":")).startsWith("400 problem ").contains("one JSON object");
        assertThat(call("POST", "fahren/tenants", ADMIN, "[1,2]")).startsWith("400 problem ");
        assertThat(call("POST", "fahren/tenants", ADMIN, "{}")).startsWith("400 problem ").contains("'id' is required");
        assertThat(call("POST", "fahren/tenants", ADMIN, "{\"id\":7}")).startsWith("400 problem ");
        String invalid = call("POST", "fahren/tenants", ADMIN, "{\"id\":\"<script>alert(1)</script>\"}");
        assertThat(invalid).startsWith("400 problem ").contains("Invalid tenant id").doesNotContain("script");
        assertThat(call("POST", "fahren/tenants", ADMIN, "{\"id\":\"x1\",\"attributes\":{\"plan\":3}}"))
                .startsWith("400 problem ");
        assertThat(call("POST", "fahren/tenants", ADMIN, "{\"id\":\"x1\",\"attributes\":{\"Bad Key\":\"v\"}}"))
                .startsWith("400 problem ");
        assertThat(call("GET", "fahren/tenants/x1", ADMIN, null)).as("a refused create leaves nothing").startsWith("404 ");
        assertThat(call("GET", "fahren/tenants?limit=abc", ADMIN, null)).startsWith("400 problem ");
        assertThat(call("GET", "fahren/tenants?limit=0", ADMIN, null)).startsWith("400 problem ");
        assertThat(call("GET", "fahren/tenants?state=BOGUS", ADMIN, null)).startsWith("400 problem ");
    }

    @Test
    @Order(3)
    void listingPagesAndFilters() throws Exception {
        String first = call("GET", "fahren/tenants?limit=2", ADMIN, null);
        assertThat(first).startsWith("200 ").contains("\"id\":\"acme\"").contains("\"id\":\"globex\"")
                .contains("\"next\":\"globex\"");
        assertThat(call("GET", "fahren/tenants?limit=2&after=globex", ADMIN, null)).contains("\"id\":\"hooli\"")
                .contains("\"id\":\"initech\"").doesNotContain("\"id\":\"acme\"");
        assertThat(call("GET", "fahren/tenants?attribute=plan=pro", ADMIN, null)).contains("acme").doesNotContain("globex");
        assertThat(call("GET", "fahren/tenants?prefix=um", ADMIN, null)).contains("umbrella").doesNotContain("acme");
        assertThat(call("PUT", "fahren/tenants/globex/attributes", ADMIN, "{\"plan\":\"pro\",\"region\":\"eu\"}"))
                .startsWith("200 ").contains("\"region\":\"eu\"");
        assertThat(call("GET", "fahren/tenants?attribute=plan=pro&state=ACTIVE", ADMIN, null)).contains("acme")
                .contains("globex");
    }

    @Test
    @Order(4)
    void aSuspendedTenantIsLockedOutUntilResumed() throws Exception {
        assertThat(call("GET", "whoami", null, null, "X-Tenant-ID", "acme")).isEqualTo("200 acme");
        assertThat(call("POST", "fahren/tenants/acme/suspend", ADMIN, null)).startsWith("200 ").contains("SUSPENDED");
        assertThat(call("GET", "whoami", null, null, "X-Tenant-ID", "acme")).startsWith("423 problem ")
                .contains("Tenant suspended");
        assertThat(call("POST", "fahren/tenants/acme/suspend", ADMIN, null)).as("idempotent").startsWith("200 ");
        assertThat(call("GET", "fahren/tenants?state=SUSPENDED", ADMIN, null)).contains("acme").doesNotContain("globex");
        assertThat(call("POST", "fahren/tenants/acme/resume", ADMIN, null)).startsWith("200 ").contains("\"ACTIVE\"");
        assertThat(call("GET", "whoami", null, null, "X-Tenant-ID", "acme")).isEqualTo("200 acme");
        assertThat(call("POST", "fahren/tenants/nobody/suspend", ADMIN, null)).startsWith("404 problem ");
        assertThat(call("POST", "fahren/tenants/acme/suspend", READER, null)).startsWith("403 ");
    }

    @Test
    @Order(5)
    void credentialsRotateOneAtATimeOrAsAJob() throws Exception {
        assertThat(call("POST", "fahren/tenants/acme/rotate", ADMIN, null)).startsWith("200 ");
        String started = call("POST", "fahren/jobs/rotate-credentials", ADMIN, "{\"states\":[\"ACTIVE\"],\"parallelism\":2}");
        assertThat(started).startsWith("202 ").contains("\"operation\":\"rotate-credentials\"");
        Matcher location = Pattern.compile("@(\\S+)$").matcher(started);
        assertThat(location.find()).isTrue();
        String job = location.group(1).substring(location.group(1).indexOf("/api/") + 5);
        String state = "";
        for (int i = 0; i < 100 && !state.contains("\"FINISHED\""); i++) {
            Thread.sleep(100);
            state = call("GET", job, ADMIN, null);
        }
        assertThat(state).contains("\"state\":\"FINISHED\"").contains("\"total\":5").contains("\"succeeded\":5")
                .contains("\"failed\":0");
        assertThat(call("GET", "fahren/jobs", ADMIN, null)).contains("rotate-credentials");
        assertThat(call("GET", job, READER, null)).startsWith("403 ");
        assertThat(call("POST", "fahren/jobs/rotate-credentials", ADMIN, "{\"parallelism\":0}")).startsWith("400 problem ");
        assertThat(call("GET", "fahren/jobs/no-such-job", ADMIN, null)).startsWith("404 problem ");
        assertThat(call("GET", "fahren/migrations/acme", ADMIN, null)).as("no fahren-flyway in this application")
                .startsWith("404 problem ").contains("fahren-flyway");
        assertThat(call("POST", "fahren/jobs/migrate", ADMIN, null)).startsWith("404 problem ");
        assertThat(call("GET", "fahren/migrations/acme", READER, null)).startsWith("403 ");
    }

    @Test
    @Order(6)
    void deletedTenantsAreGone() throws Exception {
        assertThat(call("DELETE", "fahren/tenants/hooli", ADMIN, null)).startsWith("204");
        assertThat(call("GET", "fahren/tenants/hooli", ADMIN, null)).startsWith("404 problem ");
        assertThat(call("GET", "whoami", null, null, "X-Tenant-ID", "hooli")).startsWith("404 problem ");
        assertThat(call("DELETE", "fahren/tenants/hooli", READER, null)).startsWith("403 ");
    }
}
