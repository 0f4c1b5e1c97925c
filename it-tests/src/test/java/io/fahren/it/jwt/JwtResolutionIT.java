package io.fahren.it.jwt;

import io.fahren.it.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.it.Jwts;
import io.fahren.it.Wars;
import io.fahren.it.http.Admin;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The jwt-claim resolver with Liberty's MicroProfile JWT: the tenant is the {@code org} claim of a
 * token signed by a key this test makes; the server verifies it with the public key.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JwtResolutionIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        Map<String, String> config = new java.util.HashMap<>(Jwts.serverConfig());
        config.putAll(Map.of("fahren.http.tenant-resolver", "jwt-claim", "fahren.http.jwt-claim", "org"));
        return Wars.of("http-jwt.war", config, "fahren.cdi.jar").addClasses(JwtApplication.class, JwtWhoAmI.class, Admin.class);
    }

    private static String token(String org) {
        return Jwts.token("alice", java.util.List.of("user"), org == null ? Map.of() : Map.of("org", org));
    }

    private String call(String method, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = Http.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void theTenantIsTheClaimOfTheVerifiedToken() throws Exception {
        assertThat(call("POST", "admin/tenants/jwt-acme", null)).isEqualTo("200 ACTIVE");
        assertThat(call("GET", "whoami", token("jwt-acme"))).isEqualTo("200 jwt-acme");
        assertThat(call("GET", "whoami", token("jwt-nobody"))).startsWith("404 ");
        assertThat(call("GET", "whoami", token(null))).startsWith("400 ").contains("claim org");
    }
}
