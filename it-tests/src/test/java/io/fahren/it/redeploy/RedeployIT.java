package io.fahren.it.redeploy;

import io.fahren.it.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.it.Wars;
import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys, uses and undeploys an application with a database per tenant (so a per-tenant pool
 * cache and its eviction run) three times on the same server, then lists the server's
 * threads: none is Fahren's or a pool's of Fahren's, and none still carries an undeployed copy's
 * class loader (recognised by its identity, as the copy's pool threads showed it while deployed).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RedeployIT {

    private static final String APP = "fahren-redeploy";
    /** The loader at the end of a line of {@link ThreadsServlet}'s. */
    private static final Pattern LOADER = Pattern.compile("\\| (\\S+@[0-9a-f]+)$");
    private static final String RUN = Long.toString(System.nanoTime() % 100_000);

    private final HttpClient http = Http.client();

    @ArquillianResource
    Deployer deployer;

    /** The probe's URL: its host and port are the server's, whichever server runs the test. */
    @ArquillianResource
    @OperateOnDeployment("probe")
    URL probe;

    @Deployment(name = "probe", testable = false, order = 1)
    static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "threads-probe.war").addClass(ThreadsServlet.class);
    }

    @Deployment(name = APP, managed = false, testable = false, order = 2)
    static WebArchive application() throws Exception {
        PostgresTestServer pg = TestServers.postgres();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS redeploy WITH (FORCE)");
            s.execute("CREATE DATABASE redeploy");
        }
        Map<String, String> config = new HashMap<>();
        config.put("fahren.postgres.isolation", "database");
        config.put("fahren.postgres.url", pg.jdbcUrl("redeploy"));
        config.put("fahren.postgres.username", pg.adminUser());
        config.put("fahren.postgres.password", pg.adminPassword());
        config.put("fahren.postgres.database.prefix", "rd_");
        config.put("fahren.postgres.database.revoke-public-connect", "true");
        config.put("fahren.secrets.provider", "file");
        config.put("fahren.secrets.file.path",
                Files.createTempDirectory("fahren-redeploy-").resolve("secrets.json").toString());
        return Wars.of(APP + ".war", config, "fahren.cdi.jar", "fahren.postgres.jar", "hikaricp.jar",
                "postgresql.jar", "slf4j.api.jar", "slf4j.jdk14.jar")
                .addClasses(RedeployResource.class, RedeployResource.RedeployApplication.class);
    }

    @Test
    void aRedeployLoopLeavesNoFahrenThreadAndNoClassLoaderBehind() throws Exception {
        String base = probe.getProtocol() + "://" + probe.getHost() + ":" + probe.getPort() + "/";
        Set<String> loaders = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            deployer.deploy(APP);
            String tenant = "redeploy-" + round + "-" + RUN;
            assertThat(call("POST", base + APP + "/api/r/tenants/" + tenant, null)).isEqualTo("200 ACTIVE");
            assertThat(call("GET", base + APP + "/api/r/database", tenant)).isEqualTo("200 rd_" + tenant);
            List<String> deployed = threads(base);
            assertThat(deployed).as("eviction runs on the container's managed scheduled executor, not a thread of "
                    + "Fahren's").noneMatch(line -> line.startsWith("fahren-scheduler"));
            // the application's class loader, as the pool threads of its tenant pools carry it
            deployed.stream().filter(line -> line.startsWith("fahren-tenant-" + tenant)).forEach(line -> {
                Matcher loader = LOADER.matcher(line);
                if (loader.find()) {
                    loaders.add(loader.group(1));
                }
            });
            deployer.undeploy(APP);
        }
        assertThat(loaders).as("the deployed copies' class loaders, seen on their pools' threads").hasSize(3);
        List<String> left = List.of();
        for (int wait = 0; wait < 40; wait++) {
            left = threads(base).stream().filter(line -> line.startsWith("fahren-")
                    || loaders.stream().anyMatch(line::endsWith)).toList();
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
