package io.fahren.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.it.Wars;
import java.net.URL;
import java.util.Map;
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
 * The JAX-RS tenant filter on Open Liberty with the default header resolver: the tenant is set
 * per request and gone afterwards (also after failures), admin endpoints are tenant-free, and
 * missing, invalid and unknown tenants get problem responses.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HeaderResolutionIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.of("http-header.war", Map.of("fahren.http.tenant-header", "X-Tenant"), "fahren.cdi.jar")
                .addClasses(HttpApplication.class, WhoAmI.class, Admin.class);
    }

    private HttpCalls http() {
        return new HttpCalls(base);
    }

    @Test
    @Order(1)
    void theHeaderSetsTheTenantOfEachRequest() throws Exception {
        assertThat(http().call("POST", "admin/tenants/acme")).isEqualTo("200 ACTIVE");
        assertThat(http().call("POST", "admin/tenants/globex")).isEqualTo("200 ACTIVE");
        for (int i = 0; i < 20; i++) {
            String tenant = i % 2 == 0 ? "acme" : "globex";
            assertThat(http().call("GET", "whoami", "X-Tenant", tenant)).isEqualTo("200 " + tenant);
        }
    }

    @Test
    @Order(2)
    void missingInvalidAndUnknownTenantsGetProblems() throws Exception {
        assertThat(http().call("GET", "whoami")).startsWith("400 problem ").contains("\"status\":400")
                .contains("X-Tenant header");
        String invalid = http().call("GET", "whoami", "X-Tenant", "<script>alert(1)</script>");
        assertThat(invalid).startsWith("400 problem ").contains("Invalid tenant id").doesNotContain("<script>")
                .doesNotContain("alert");
        assertThat(http().call("GET", "whoami", "X-Tenant", "initech")).startsWith("404 problem ")
                .contains("Unknown tenant");
    }

    @Test
    @Order(3)
    void noTenantIsLeftOnServerThreadsAfterFailures() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(http().call("GET", "fail", "X-Tenant", "acme")).startsWith("500");
        }
        for (int i = 0; i < 60; i++) {
            assertThat(http().call("GET", "admin/current")).isEqualTo("200 none");
        }
    }

    @Test
    @Order(4)
    void aDeletedTenantIsRefused() throws Exception {
        assertThat(http().call("DELETE", "admin/tenants/globex")).isEqualTo("200 deleted");
        assertThat(http().call("GET", "whoami", "X-Tenant", "globex")).startsWith("404 problem ");
        assertThat(http().call("GET", "whoami", "X-Tenant", "acme")).isEqualTo("200 acme");
    }
}
