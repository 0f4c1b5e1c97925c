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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The path resolver with a named path parameter, chosen by MicroProfile Config alone. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PathResolutionIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.of("http-path.war", Map.of("fahren.http.tenant-resolver", "path",
                        "fahren.http.path-parameter", "tenant"), "fahren.cdi.jar")
                .addClasses(HttpApplication.class, WhoAmI.class, Admin.class);
    }

    @Test
    void theNamedPathParameterIsTheTenant() throws Exception {
        HttpCalls http = new HttpCalls(base);
        assertThat(http.call("POST", "admin/tenants/path-acme")).isEqualTo("200 ACTIVE");
        assertThat(http.call("GET", "t/path-acme/whoami", "X-Tenant-ID", "ignored")).isEqualTo("200 path-acme");
        assertThat(http.call("GET", "t/nobody/whoami")).startsWith("404 problem ");
        assertThat(http.call("GET", "whoami")).startsWith("400 problem ").contains("path parameter tenant");
    }
}
