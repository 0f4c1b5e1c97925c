package io.fahren.it.redeploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys, uses and undeploys the orders sample (database per tenant and Redis ACL users, so
 * per-tenant pool caches and their eviction run) three times on the same Open Liberty server, then
 * lists the server's threads: none is Fahren's, and none still carries an undeployed copy's class
 * loader.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedeployIT {

    private static final String APP = "orders-redeploy";

    private final HttpClient http = HttpClient.newHttpClient();

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = "probe", testable = false, order = 1)
    static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "threads-probe.war").addClass(ThreadsServlet.class);
    }

    @Deployment(name = APP, managed = false, testable = false, order = 2)
    static WebArchive orders() {
        return io.fahren.it.orders.RedeployableOrders.war(APP);
    }

    @Test
    void aRedeployLoopLeavesNoFahrenThreadAndNoClassLoaderBehind() throws Exception {
        String base = "http://127.0.0.1:" + System.getProperty("it.http.port", "19080") + "/";
        for (int round = 0; round < 3; round++) {
            deployer.deploy(APP);
            String tenant = "redeploy-" + round;
            assertThat(call("POST", base + APP + "/api/admin/tenants/" + tenant, null)).startsWith("200 ");
            assertThat(call("POST", base + APP + "/api/visits", tenant)).startsWith("200 ");
            assertThat(call("GET", base + APP + "/api/orders", tenant)).startsWith("200 ");
            assertThat(threads(base)).as("while deployed, the app's threads are visible to the probe")
                    .anyMatch(line -> line.contains("Default Executor"));
            deployer.undeploy(APP);
        }
        List<String> left = List.of();
        for (int wait = 0; wait < 40; wait++) {
            left = threads(base).stream()
                    .filter(line -> line.toLowerCase().contains("fahren") || line.contains(APP)).toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        }
        System.out.println("RedeployIT: threads left after 3 redeploys: " + left);
        assertThat(left).isEmpty();
    }

    private List<String> threads(String base) throws IOException, InterruptedException {
        String response = call("GET", base + "threads-probe/threads", null);
        assertThat(response).startsWith("200 ");
        return List.of(response.substring(4).split("\n"));
    }

    private String call(String method, String url, String tenant) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (tenant != null) {
            request.header("X-Tenant-ID", tenant);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
