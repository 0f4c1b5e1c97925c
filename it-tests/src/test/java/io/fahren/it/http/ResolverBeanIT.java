package io.fahren.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.it.Wars;
import io.fahren.it.http.custom.QueryTenantResolver;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An application TenantResolver bean takes precedence over the configured resolver. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ResolverBeanIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Wars.of("http-custom.war", Map.of("fahren.http.tenant-resolver", "header"), "fahren.cdi.jar")
                .addClasses(HttpApplication.class, WhoAmI.class, Admin.class, QueryTenantResolver.class);
    }

    @Test
    void theApplicationsResolverWins() throws Exception {
        HttpCalls http = new HttpCalls(base);
        assertThat(http.call("POST", "admin/tenants/custom-acme")).isEqualTo("200 ACTIVE");
        assertThat(http.call("GET", "whoami?org=custom-acme")).isEqualTo("200 custom-acme");
        assertThat(http.call("GET", "whoami", "X-Tenant-ID", "custom-acme")).startsWith("400 problem ")
                .contains("application's tenant resolver");
    }
}
