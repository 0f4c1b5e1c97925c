package io.fahren.it.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * What Open Liberty's log shows, read from its {@code messages.log}: the tenant of each line as
 * {@code ext_tenant} in the JSON format (the request's and a managed task's line carry it, a line
 * logged with no tenant does not), and the spans and metrics of MicroProfile Telemetry's logging
 * exporter. Liberty only: the other servers' log formats do not print the log context.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibertyObservabilityIT {

    private static final Pattern EXT_TENANT = Pattern.compile("\"ext_tenant\":\"([^\"]*)\"");

    private static final String TENANT = "observed-c";

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        return PropagationWar.of("observability");
    }

    @Test
    @Order(1)
    void aTenant() throws Exception {
        assertThat(call("POST", "prop/tenants/" + TENANT, null)).isEqualTo("200 ACTIVE");
    }

    @Test
    @Order(2)
    void libertysJsonLogShowsTheTenantOfEachLineAsExtTenant() throws Exception {
        String run = Long.toString(System.nanoTime());
        assertThat(call("POST", "prop/log/" + run, TENANT)).isEqualTo("200 logged");
        assertThat(call("POST", "prop/log-free/" + run, null)).isEqualTo("200 logged");
        Path messages = Path.of(System.getProperty("it.server.messages"));
        Map<String, String> tenantOf = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (tenantOf.size() < 3 && System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(messages)) {
                for (String kind : List.of("request", "task", "free")) {
                    if (line.contains("fahren-log-check " + kind + " " + run)) {
                        Matcher ext = EXT_TENANT.matcher(line);
                        tenantOf.put(kind, ext.find() ? ext.group(1) : "<none>");
                    }
                }
            }
            Thread.sleep(200);
        }
        assertThat(tenantOf).containsEntry("request", TENANT).containsEntry("task", TENANT)
                .containsEntry("free", "<none>");
    }

    @Test
    @Order(3)
    void createTenantIsATracedSpanAndAMetricThroughMicroProfileTelemetry() throws Exception {
        assertThat(call("POST", "prop/tenants/observed-traced", null)).isEqualTo("200 ACTIVE");
        Path messages = Path.of(System.getProperty("it.server.messages"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean span = false;
        boolean metric = false;
        boolean tenantsGauge = false;
        while (!(span && metric && tenantsGauge) && System.nanoTime() < deadline) {
            String log = Files.readString(messages);
            span = log.contains("'fahren.tenant.create'") && log.contains("'fahren.tenant.provision'");
            metric = log.contains("name=fahren.tenant.operation.duration");
            tenantsGauge = log.contains("name=fahren.tenants,");
            Thread.sleep(500);
        }
        assertThat(span).as("the create span and its provision step in the logging exporter's output").isTrue();
        assertThat(metric).as("the duration histogram").isTrue();
        assertThat(tenantsGauge).as("the tenants-by-state gauge").isTrue();
    }

    private String call(String method, String path, String tenant) throws IOException, InterruptedException {
        return PropagationWar.call(base, method, path, tenant);
    }
}
