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

/** The subdomain resolver: the first label of the Host name is the tenant. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SubdomainResolutionIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.of("http-subdomain.war", Map.of("fahren.http.tenant-resolver", "subdomain"), "fahren.cdi.jar")
                .addClasses(HttpApplication.class, WhoAmI.class, Admin.class);
    }

    @Test
    void theFirstLabelOfTheHostIsTheTenant() throws Exception {
        HttpCalls http = new HttpCalls(base);
        String port = String.valueOf(base.getPort());
        assertThat(http.call("POST", "admin/tenants/sub-acme")).isEqualTo("200 ACTIVE");
        assertThat(http.call("GET", "whoami", "Host", "sub-acme.tenants.example:" + port)).isEqualTo("200 sub-acme");
        assertThat(http.call("GET", "whoami", "Host", "nobody.tenants.example:" + port)).startsWith("404 problem ");
        // an IP address, or a name of fewer than three labels, names no tenant
        assertThat(http.call("GET", "whoami")).startsWith("400 problem ").contains("subdomain");
        assertThat(http.call("GET", "whoami", "Host", "example.com:" + port)).startsWith("400 problem ");
    }
}
