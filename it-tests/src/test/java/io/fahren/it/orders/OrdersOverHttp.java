package io.fahren.it.orders;

import io.fahren.it.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.it.Jwts;
import io.fahren.it.Wars;
import io.fahren.testing.LeakCheckKit;
import io.fahren.testing.LeakReport;
import io.fahren.testing.PgBouncerMode;
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
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The orders sample ({@code samples/orders}) on Open Liberty, over HTTP, with Hibernate through Liberty's
 * {@code persistenceContainer-3.1}, JTA transactions, Redis and real PostgreSQL. A subclass picks
 * the PostgreSQL strategy through MicroProfile Config alone; the application code is the same.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OrdersOverHttp {

    private final HttpClient http = Http.client();

    private static final String ADMIN_TOKEN = Jwts.token("ops", List.of("fahren-admin"), Map.of());

    @ArquillianResource
    URL base;

    /** @return the tenant id prefix of this strategy's run */
    protected abstract String prefix();

    /**
     * Creates a fresh database and logins for the strategy on the test PostgreSQL, and the WAR
     * whose configuration points at it and at the test Redis.
     */
    static WebArchive deployment(String isolation, String redisIsolation, int redisDatabase) {
        return deployment(isolation, redisIsolation, redisDatabase, null);
    }

    /**
     * @param pgBouncer null to connect directly; else the PgBouncer pool mode every PostgreSQL
     *        connection (management and tenants) goes through, with the matching binding mode
     */
    static WebArchive deployment(String isolation, String redisIsolation, int redisDatabase, PgBouncerMode pgBouncer) {
        try {
            PostgresTestServer pg = TestServers.postgres();
            RedisTestServer redis = TestServers.redis();
            String variant = isolation + (pgBouncer == null ? "" : "_pgb_" + pgBouncer.poolMode());
            String database = "orders_" + variant;
            String app = "orders_app_" + variant;
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + database);
                s.execute("DROP ROLE IF EXISTS " + app);
                s.execute("CREATE ROLE " + app + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD 'orders-app-password'");
                s.execute("GRANT ALL ON DATABASE " + database + " TO " + app);
            }
            Map<String, String> config = new HashMap<>();
            config.put("config_ordinal", "200"); // above the sample's own microprofile-config.properties
            config.putAll(Jwts.serverConfig()); // the admin API's callers: a JWT with the group fahren-admin
            config.put("fahren.postgres.isolation", isolation);
            config.put("fahren.postgres.url", pgBouncer == null ? pg.jdbcUrl(database)
                    : "jdbc:postgresql://127.0.0.1:" + TestServers.pgBouncerPort(pgBouncer) + "/" + database);
            if (pgBouncer == PgBouncerMode.TRANSACTION) {
                config.put("fahren.postgres.binding-mode", "transaction");
            }
            config.put("fahren.postgres.username", pg.adminUser());
            config.put("fahren.postgres.password", pg.adminPassword());
            config.put("fahren.postgres.tenants.username", app);
            config.put("fahren.postgres.tenants.password", "orders-app-password");
            config.put("fahren.postgres.rls.auto-setup", "true");
            // tiny pools, so connections pass between tenants as often as possible (leak-test kit)
            config.put("fahren.postgres.pool.size", "2");
            config.put("fahren.postgres.schema.prefix", "o" + isolation.charAt(0) + "_");
            config.put("fahren.postgres.database.prefix", "o" + isolation.charAt(0) + "_");
            config.put("fahren.postgres.database.revoke-public-connect", "true");
            config.put("fahren.redis.isolation", redisIsolation);
            config.put("fahren.redis.url", "redis://" + redis.host() + ":" + redis.port() + "/" + redisDatabase);
            if (redis.adminUser() != null) {
                config.put("fahren.redis.username", redis.adminUser());
            }
            if (redis.adminPassword() != null) {
                config.put("fahren.redis.password", redis.adminPassword());
            }
            config.put("fahren.redis.prefix.password", "orders-shared-redis-password-0123456789");
            config.put("fahren.redis.prefix.user", "orders-tenants-" + variant);
            config.put("fahren.redis.acl.user-prefix", "orders-" + variant + "-");
            config.put("fahren.redis.registry-key", "fahren:orders:" + variant);
            config.put("fahren.secrets.provider", "file");
            config.put("fahren.secrets.file.path",
                    Files.createTempDirectory("fahren-orders-").resolve("secrets.json").toString());
            // the sample's classes, persistence unit and beans.xml come as a jar in WEB-INF/lib
            return Wars.withAllLibraries("orders-" + variant.replace('_', '-') + ".war", config)
                    .addClass(EnhancementProbe.class);
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
        assertThat(admin("POST", "fahren/tenants", "{\"id\":\"" + a() + "\"}")).startsWith("201 ").contains("\"ACTIVE\"");
        assertThat(admin("POST", "fahren/tenants", "{\"id\":\"" + b() + "\"}")).startsWith("201 ").contains("\"ACTIVE\"");
        assertThat(admin("GET", "fahren/tenants?prefix=" + prefix(), null)).contains(a()).contains(b());
        assertThat(call("POST", "fahren/tenants", null, "{\"id\":\"" + prefix() + "-anon\"}"))
                .as("no token, no admin").startsWith("401 ");
        assertThat(admin("GET", "fahren/migrations/" + a(), null)).startsWith("200 ").contains("\"version\":\"2\"")
                .contains("\"current\":true");
        assertThat(admin("POST", "fahren/migrations/" + b(), null)).startsWith("200 ").contains("\"applied\":0");
        String job = admin("POST", "fahren/jobs/migrate", null);
        assertThat(job).startsWith("202 ");
        String id = job.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
        String state = "";
        for (int i = 0; i < 300 && !state.contains("\"FINISHED\""); i++) {
            Thread.sleep(100);
            state = admin("GET", "fahren/jobs/" + id, null);
        }
        assertThat(state).contains("\"state\":\"FINISHED\"").contains("\"failed\":0");
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
                            List<String> owners = owners(call("GET", "orders", tenant));
                            if (owners.stream().anyMatch(owner -> !owner.equals(tenant))) {
                                crossTenant.incrementAndGet();
                            }
                        } else if (call("POST", "orders", tenant, "{\"item\":\"i" + i + "\",\"quantity\":1}")
                                .startsWith("201 ")) {
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
        assertThat(owners(call("GET", "orders", a()))).hasSize((int) placed.get(a()).get()).containsOnly(a());
        assertThat(owners(call("GET", "orders", b()))).hasSize((int) placed.get(b()).get()).containsOnly(b());
    }

    @Test
    @Order(3)
    void aJtaRollbackOnAnExceptionLeavesNoRow() throws Exception {
        String before = call("GET", "orders", a());
        String batch = "[{\"item\":\"first\",\"quantity\":1},{\"item\":\"invalid\",\"quantity\":0}]";
        assertThat(call("POST", "orders/batch", a(), batch)).startsWith("400");
        assertThat(call("GET", "orders", a())).isEqualTo(before);
    }

    @Test
    @Order(3)
    void theServersHibernateEnhancesTheEntityAtRunTime() throws Exception {
        // FahrenPersistenceProvider: no deprecated enhancer settings, and no recursion through the
        // class transformer of a server whose application class loader holds Hibernate (Liberty)
        assertThat(call("GET", "it/enhancement", a())).startsWith("200 ")
                .contains("org.hibernate.engine.spi.ManagedEntity")
                .contains("org.hibernate.engine.spi.SelfDirtinessTracker");
    }

    @Test
    @Order(4)
    void redisCountersAreIndependentPerTenant() throws Exception {
        assertThat(call("POST", "visits", a())).isEqualTo("200 {\"visits\":1}");
        assertThat(call("POST", "visits", a())).isEqualTo("200 {\"visits\":2}");
        assertThat(call("POST", "visits", b())).isEqualTo("200 {\"visits\":1}");
    }

    @Test
    @Order(5)
    void unknownAndMissingTenantsAreRefused() throws Exception {
        assertThat(call("GET", "orders", prefix() + "-nobody")).startsWith("404 ");
        assertThat(call("GET", "orders", null)).startsWith("400 ");
    }

    /**
     * Suspension through the admin API: the tenant's requests get 423 while its data and Redis
     * keys are kept (and, per strategy, its login is off or its role can no longer be taken), the
     * other tenant is untouched, and resuming brings everything back.
     */
    @Test
    @Order(5)
    void aSuspendedTenantIsLockedOutWithItsDataKeptUntilResumed() throws Exception {
        String before = call("GET", "orders", a());
        assertThat(before).startsWith("200 ");
        assertThat(admin("POST", "fahren/tenants/" + a() + "/suspend", null)).startsWith("200 ").contains("SUSPENDED");
        assertThat(call("GET", "orders", a())).startsWith("423 ");
        assertThat(call("POST", "visits", a())).startsWith("423 ");
        assertThat(call("GET", "orders", b())).startsWith("200 ");
        assertThat(admin("POST", "fahren/tenants/" + a() + "/resume", null)).startsWith("200 ").contains("\"ACTIVE\"");
        assertThat(call("GET", "orders", a())).isEqualTo(before);
        assertThat(admin("POST", "fahren/tenants/" + a() + "/rotate", null)).startsWith("200 ");
        assertThat(call("GET", "orders", a())).as("after a credential rotation").isEqualTo(before);
    }

    @Test
    @Order(6)
    void deletingATenantRemovesItAndRefusesItsRequests() throws Exception {
        assertThat(admin("DELETE", "fahren/tenants/" + b(), null)).startsWith("204");
        assertThat(call("GET", "orders", b())).startsWith("404 ");
        assertThat(call("POST", "visits", b())).startsWith("404 ");
        assertThat(admin("GET", "fahren/tenants?prefix=" + prefix(), null)).contains(a()).doesNotContain(b());
        assertThat(admin("DELETE", "fahren/tenants/" + a(), null)).startsWith("204");
    }

    @Test
    @Order(7)
    void theLeakTestKitFindsNoLeakThroughTheSamplesOwnEndpoints() throws Exception {
        LeakReport report = LeakCheckKit.builder().idPrefix(prefix() + "-leak-").tenants(3).threads(4).readsPerThread(60)
                .provision(tenant -> expect(admin("POST", "fahren/tenants", "{\"id\":\"" + tenant + "\"}"), "201 "))
                .deprovision(tenant -> expect(admin("DELETE", "fahren/tenants/" + tenant, null), "204"))
                .seed((tenant, marker) -> expect(call("POST", "orders", tenant,
                        "{\"item\":\"" + marker + "\",\"quantity\":1}"), "201 "))
                .read("GET /orders", tenant -> call("GET", "orders", tenant))
                .read("GET /orders/{first id}", tenant -> {
                    java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":(\\d+)")
                            .matcher(call("GET", "orders", tenant));
                    return id.find() ? call("GET", "orders/" + id.group(1), tenant) : "no order";
                })
                .run();
        System.out.println(getClass().getSimpleName() + ": " + report);
        report.assertNoLeaks();
        assertThat(report.reads()).isEqualTo(4 * 60);
    }

    private static void expect(String response, String status) {
        if (!response.startsWith(status)) {
            throw new IllegalStateException("expected " + status + "but got " + response);
        }
    }

    /** @return the tenantId of every order in a JSON array of orders */
    private static List<String> owners(String response) {
        assertThat(response).startsWith("200 [");
        List<String> owners = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"tenantId\":\"([^\"]*)\"").matcher(response);
        while (m.find()) {
            owners.add(m.group(1));
        }
        return owners;
    }

    /** A call of the admin API, as a caller whose JWT has the group fahren-admin. */
    private String admin(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/" + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private String call(String method, String path, String tenant) throws IOException, InterruptedException {
        return call(method, path, tenant, null);
    }

    private String call(String method, String path, String tenant, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/" + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (tenant != null) {
            request.header("X-Tenant-ID", tenant);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
