package io.fahren.it.smoke;

import io.fahren.it.Http;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys the packaged fahren-cdi jar in a WAR to a real Open Liberty server and drives it over
 * HTTP: TenantManagement is injectable, @TenantScoped keeps one instance per tenant,
 * @RunAsTenant works in Liberty's CDI, and the file secrets provider chosen by MicroProfile Config
 * works with neither the Vault driver nor the AWS SDK in the application.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibertySmokeIT {

    private final HttpClient http = Http.client();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        File fahrenCdi = new File(System.getProperty("fahren.cdi.jar"));
        File secretsFile = new File(System.getProperty("java.io.tmpdir"), "fahren-it-" + System.nanoTime() + "/secrets.json");
        // the smoke resources pick tenants themselves: the HTTP tenant filter is switched off
        String config = "fahren.secrets.provider=file\nfahren.secrets.file.path=" + secretsFile.getAbsolutePath() + "\n"
                + "fahren.http.enabled=false\n";
        return ShrinkWrap.create(WebArchive.class, "smoke.war")
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties")
                .addClasses(SmokeApplication.class, SmokeResource.class, TenantCounter.class, TenantRunner.class,
                        JournalResource.class)
                .addAsLibrary(ShrinkWrap.createFromZipFile(JavaArchive.class, fahrenCdi))
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Test
    @Order(1)
    void tenantManagementIsInjectableAndRunsTheApplicationsResources() throws Exception {
        assertThat(call("POST", "tenants/acme")).isEqualTo("200 ACTIVE");
        assertThat(call("POST", "tenants/globex")).isEqualTo("200 ACTIVE");
        assertThat(call("GET", "journal")).isEqualTo("200 provision:acme,provision:globex");
    }

    @Test
    @Order(2)
    void tenantScopedGivesOneInstancePerTenant() throws Exception {
        String acme1 = call("GET", "scoped/acme");
        String acme2 = call("GET", "scoped/acme");
        String globex = call("GET", "scoped/globex");
        assertThat(acme1).startsWith("200 acme ").endsWith(" 1");
        assertThat(acme2).startsWith("200 acme ").endsWith(" 2");
        assertThat(identity(acme1)).isEqualTo(identity(acme2)).isNotEqualTo(identity(globex));
        assertThat(globex).startsWith("200 globex ").endsWith(" 1");
        assertThat(call("GET", "scoped"))
                .startsWith("409 ContextNotActiveException")
                .contains("Tenants.runAs");
    }

    @Test
    @Order(3)
    void runAsTenantSetsTheTenantOnlyForTheCall() throws Exception {
        assertThat(call("GET", "run-as/globex")).isEqualTo("200 globex after:false");
        assertThat(call("GET", "run-as-acme")).isEqualTo("200 acme");
        assertThat(call("GET", "run-as/initech")).isEqualTo("404 unknown");
        assertThat(call("GET", "run-as/NOT%20VALID")).isEqualTo("400 invalid");
    }

    @Test
    @Order(4)
    void deletingATenantRunsTheResourceAndRefusesItAfterwards() throws Exception {
        assertThat(call("DELETE", "tenants/globex")).isEqualTo("200 deleted");
        // the tenant's @TenantScoped instance is destroyed first, then its resources are removed
        assertThat(call("GET", "journal")).endsWith(",destroyed:globex,deprovision:globex");
        assertThat(call("GET", "run-as/globex")).isEqualTo("404 unknown");
    }

    @Test
    @Order(5)
    void fileSecretsProviderWorksWithoutTheOptionalVaultAndAwsDependencies() throws Exception {
        assertThat(call("POST", "secrets/acme")).isEqualTo("200 /tenants/acme/postgres/connection tenant_acme true false false");
    }

    private static String identity(String response) {
        return response.split(" ")[2];
    }

    private String call(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString() + "api/smoke/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
