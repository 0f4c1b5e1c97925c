package io.fahren.it.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.it.Wars;
import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.RedisTestServer;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.FileAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The orders application on Open Liberty, over HTTP, with Hibernate through Liberty's
 * {@code persistenceContainer-3.1}, JTA transactions, Redis and real PostgreSQL. A subclass picks
 * the PostgreSQL strategy through MicroProfile Config alone; the application code is the same.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OrdersOverHttp {

    private final HttpClient http = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    /** @return the tenant id prefix of this strategy's run */
    protected abstract String prefix();

    /**
     * Creates a fresh database and logins for the strategy on the test PostgreSQL, and the WAR
     * whose configuration points at it and at the test Redis.
     */
    static WebArchive deployment(String isolation, String redisIsolation, int redisDatabase) {
        try {
            PostgresTestServer pg = TestServers.postgres();
            RedisTestServer redis = TestServers.redis();
            String database = "orders_" + isolation;
            String app = "orders_app_" + isolation;
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + database);
                s.execute("DROP ROLE IF EXISTS " + app);
                s.execute("CREATE ROLE " + app + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'orders-app-password'");
                s.execute("GRANT ALL ON DATABASE " + database + " TO " + app);
            }
            Map<String, String> config = new HashMap<>();
            config.put("fahren.postgres.isolation", isolation);
            config.put("fahren.postgres.url", pg.jdbcUrl(database));
            config.put("fahren.postgres.username", pg.adminUser());
            config.put("fahren.postgres.password", pg.adminPassword());
            config.put("fahren.postgres.tenants.username", app);
            config.put("fahren.postgres.tenants.password", "orders-app-password");
            config.put("fahren.postgres.rls.auto-setup", "true");
            config.put("fahren.postgres.schema.prefix", "o" + isolation.charAt(0) + "_");
            config.put("fahren.postgres.database.prefix", "o" + isolation.charAt(0) + "_");
            config.put("fahren.redis.isolation", redisIsolation);
            config.put("fahren.redis.url", "redis://" + redis.host() + ":" + redis.port() + "/" + redisDatabase);
            if (redis.adminUser() != null) {
                config.put("fahren.redis.username", redis.adminUser());
            }
            if (redis.adminPassword() != null) {
                config.put("fahren.redis.password", redis.adminPassword());
            }
            config.put("fahren.redis.prefix.password", "orders-shared-redis-password-0123456789");
            config.put("fahren.redis.prefix.user", "orders-tenants-" + isolation);
            config.put("fahren.redis.acl.user-prefix", "orders-" + isolation + "-");
            config.put("fahren.redis.registry-key", "fahren:orders:" + isolation);
            config.put("fahren.secrets.provider", "file");
            config.put("fahren.secrets.file.path",
                    Files.createTempDirectory("fahren-orders-").resolve("secrets.json").toString());
            WebArchive war = Wars.withAllLibraries("orders-" + isolation + ".war", config)
                    .addClasses(io.fahren.it.orders.Order.class, OrdersApplication.class, JpaResources.class, OrderResource.class,
                            VisitResource.class, AdminResource.class)
                    .addAsResource(new FileAsset(new java.io.File(OrdersOverHttp.class.getResource(
                            "/orders/persistence.xml").getFile())), "META-INF/persistence.xml");
            return war;
        } catch (Exception e) {
            throw new IllegalStateException("Could not prepare the " + isolation + " deployment", e);
        }
    }

    private String a() {
        return prefix() + "-a";
    }

    private String b() {
        return prefix() + "-b";
    }

    @Test
    @Order(1)
    void adminCreatesTenants() throws Exception {
        assertThat(call("POST", "admin/tenants/" + a(), null)).isEqualTo("200 ACTIVE");
        assertThat(call("POST", "admin/tenants/" + b(), null)).isEqualTo("200 ACTIVE");
        assertThat(call("GET", "admin/tenants", null)).contains(a()).contains(b());
    }

    @Test
    @Order(2)
    void concurrentRequestsOfRandomTenantsNeverSeeAnotherTenantsRows() throws Exception {
        List<String> ids = List.of(a(), b());
        Map<String, AtomicLong> placed = new ConcurrentHashMap<>(Map.of(a(), new AtomicLong(), b(), new AtomicLong()));
        AtomicLong crossTenant = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(clients.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        String tenant = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                        if (i % 5 == 4) {
                            String owners = call("GET", "orders/owners", tenant);
                            if (!owners.startsWith("200 " + tenant + ";") && !owners.equals("200 ;0")) {
                                crossTenant.incrementAndGet();
                            }
                        } else if (call("POST", "orders?item=i" + i, tenant).startsWith("200 ")) {
                            placed.get(tenant).incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        System.out.printf("%s: 800 requests, %d + %d orders placed, %d failures, %d cross-tenant answers%n",
                getClass().getSimpleName(), placed.get(a()).get(), placed.get(b()).get(), failures.get(), crossTenant.get());
        assertThat(failures.get()).isZero();
        assertThat(crossTenant.get()).isZero();
        assertThat(call("GET", "orders/owners", a())).isEqualTo("200 " + a() + ";" + placed.get(a()).get());
        assertThat(call("GET", "orders/owners", b())).isEqualTo("200 " + b() + ";" + placed.get(b()).get());
    }

    @Test
    @Order(3)
    void aJtaRollbackOnAnExceptionLeavesNoRow() throws Exception {
        String before = call("GET", "orders/owners", a());
        assertThat(call("POST", "orders/fail?item=doomed", a())).startsWith("500");
        assertThat(call("GET", "orders/owners", a())).isEqualTo(before);
    }

    @Test
    @Order(4)
    void redisCountersAreIndependentPerTenant() throws Exception {
        assertThat(call("POST", "visits", a())).isEqualTo("200 1");
        assertThat(call("POST", "visits", a())).isEqualTo("200 2");
        assertThat(call("POST", "visits", b())).isEqualTo("200 1");
    }

    @Test
    @Order(5)
    void unknownAndMissingTenantsAreRefused() throws Exception {
        assertThat(call("GET", "orders/owners", prefix() + "-nobody")).startsWith("404 ");
        assertThat(call("GET", "orders/owners", null)).startsWith("400 ");
    }

    @Test
    @Order(6)
    void deletingATenantRemovesItAndRefusesItsRequests() throws Exception {
        assertThat(call("DELETE", "admin/tenants/" + b(), null)).isEqualTo("200 deleted");
        assertThat(call("GET", "orders/owners", b())).startsWith("404 ");
        assertThat(call("POST", "visits", b())).startsWith("404 ");
        assertThat(call("GET", "admin/tenants", null)).contains(a()).doesNotContain(b());
        assertThat(call("DELETE", "admin/tenants/" + a(), null)).isEqualTo("200 deleted");
    }

    private String call(String method, String path, String tenant) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (tenant != null) {
            request.header("X-Tenant-ID", tenant);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
