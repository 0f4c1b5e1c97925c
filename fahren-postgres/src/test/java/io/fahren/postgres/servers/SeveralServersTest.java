package io.fahren.postgres.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantId;
import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.TenantPlacement;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.TenantServers;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.secrets.TenantSecrets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database per tenant on three real PostgreSQL servers (embedded, started here): placement,
 * routing, every lifecycle step on the tenant's own server, per-server caps, and a server that is
 * stopped under load failing only its own tenants. The registry lives on the first server.
 */
class SeveralServersTest {

    private static StartedServers pg;
    private static final String[] NAMES = {"east", "west", "north"};

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private TenantSecrets secrets;
    private Postgres postgres;
    private PostgresManagement management;
    private PostgresTenants tenants;

    @BeforeAll
    static void startServers() {
        pg = StartedServers.start(NAMES.length);
    }

    @AfterAll
    static void stopServers() {
        pg.stop();
    }

    private TenantServers servers(int maxConnectionsOfNorth, TenantPlacement placement) {
        return TenantServers.of(List.of(TenantServer.of("east", pg.login(0)), TenantServer.of("west", pg.login(1)),
                new TenantServer("north", pg.login(2), 1, 0, maxConnectionsOfNorth)), placement);
    }

    private DatabaseOptions options() {
        return DatabaseOptions.builder().prefix("s" + run.substring(0, 4) + "_").revokePublicConnect(true)
                .registrySchema("fahren_servers").connectionTimeout(Duration.ofSeconds(2)).build();
    }

    private Postgres open(TenantServers servers) {
        return Postgres.withDatabaseIsolation(pg.login(0), secrets, options(), servers);
    }

    @BeforeEach
    void start() {
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
        postgres = open(servers(2, TenantPlacement.byAttribute("server", TenantPlacement.fewestTenants())));
        management = postgres.forManagement();
        tenants = postgres.forTenants();
    }

    @AfterEach
    void stop() {
        for (var tenant : management.list()) {
            management.deleteTenant(tenant.id().value());
        }
        tenants.close();
        postgres.close();
    }

    private String t(int i) {
        return "t" + i + "-" + run;
    }

    private String database(String tenant) {
        return "s" + run.substring(0, 4) + "_" + tenant;
    }

    /** @return the servers (indexes) that have the tenant's database */
    private List<Integer> serversWith(String tenant) throws SQLException {
        List<Integer> with = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            if (pg.count(i, "SELECT count(*) FROM pg_database WHERE datname = ?", database(tenant)) > 0) {
                with.add(i);
            }
        }
        return with;
    }

    private int portOf(String tenant) {
        return ((Number) tenants.queryAs(tenant, "SELECT inet_server_port() AS port").get(0).get("port")).intValue();
    }

    @Test
    void tenantsAreSpreadOverTheServersAndEachIsServedFromItsOwn() throws Exception {
        for (int i = 0; i < 6; i++) {
            management.createTenant(t(i));
        }
        Map<String, Integer> perServer = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            List<Integer> where = serversWith(t(i));
            assertThat(where).as("the database of " + t(i) + " is on exactly one server").hasSize(1);
            String name = NAMES[where.get(0)];
            perServer.merge(name, 1, Integer::sum);
            assertThat(management.find(t(i)).orElseThrow().attributes()).containsEntry(TenantPlacement.ATTRIBUTE, name);
            ConnectionSecret secret = secrets.load(TenantId.of(t(i)), "postgres");
            assertThat(secret.url()).contains(":" + pg.get(where.get(0)).port() + "/");
            assertThat(portOf(t(i))).as("served from its server").isEqualTo(pg.get(where.get(0)).port());
        }
        assertThat(perServer).as("fewest tenants first: two each").containsOnly(Map.entry("east", 2),
                Map.entry("west", 2), Map.entry("north", 2));

        for (int i = 0; i < 6; i++) {
            String tenant = t(i);
            tenants.withConnection(tenant, c -> c.createStatement().execute("CREATE TABLE notes (owner text)"));
            tenants.updateAs(tenant, "INSERT INTO notes VALUES (?)", tenant);
        }
        for (int i = 0; i < 6; i++) {
            assertThat(tenants.queryAs(t(i), "SELECT owner FROM notes")).as(t(i))
                    .containsExactly(Map.of("owner", t(i)));
        }
    }

    @Test
    void anAttributeChoosesTheServerAndAnUnknownOneIsRefusedLeavingNothing() throws Exception {
        management.createTenant(t(1), Map.of("server", "north"));
        assertThat(serversWith(t(1))).containsExactly(2);

        assertThatThrownBy(() -> management.createTenant(t(2), Map.of("server", "south")))
                .hasStackTraceContaining("asks for server 'south'");
        assertThat(management.find(t(2))).isEmpty();
        assertThat(serversWith(t(2))).isEmpty();
        for (int i = 0; i < NAMES.length; i++) {
            assertThat(pg.count(i, "SELECT count(*) FROM pg_roles WHERE rolname = ?", database(t(2)))).isZero();
        }
        assertThatThrownBy(() -> secrets.load(TenantId.of(t(2)), "postgres")).isInstanceOf(SecretNotFoundException.class);
    }

    /** A create that fails on its chosen server (a missing template) leaves nothing there or anywhere. */
    @Test
    void aFailedCreateIsUndoneOnTheChosenServer() throws Exception {
        try (Postgres broken = Postgres.withDatabaseIsolation(pg.login(0), secrets, DatabaseOptions.builder()
                .prefix("s" + run.substring(0, 4) + "_").revokePublicConnect(true).registrySchema("fahren_servers")
                .template("no_such_template").build(), servers(0, TenantPlacement.byAttribute("server",
                        TenantPlacement.fewestTenants())))) {
            assertThatThrownBy(() -> broken.forManagement().createTenant(t(3), Map.of("server", "west")))
                    .hasStackTraceContaining("no_such_template");
        }
        assertThat(management.find(t(3))).isEmpty();
        assertThat(serversWith(t(3))).isEmpty();
        assertThat(pg.count(1, "SELECT count(*) FROM pg_roles WHERE rolname = ?", database(t(3)))).as("role on west").isZero();
    }

    @Test
    void suspendResumeRotateAndDeleteRunOnTheTenantsServer() throws Exception {
        management.createTenant(t(4), Map.of("server", "west"));
        tenants.withConnection(t(4), c -> c.createStatement().execute("CREATE TABLE notes (owner text)"));

        management.suspendTenant(t(4));
        assertThat(pg.count(1, "SELECT count(*) FROM pg_roles WHERE rolname = ? AND NOT rolcanlogin", database(t(4))))
                .as("NOLOGIN on west").isEqualTo(1);
        management.resumeTenant(t(4));
        assertThat(pg.count(1, "SELECT count(*) FROM pg_roles WHERE rolname = ? AND rolcanlogin", database(t(4))))
                .isEqualTo(1);

        ConnectionSecret before = secrets.load(TenantId.of(t(4)), "postgres");
        management.rotateCredentials(t(4));
        ConnectionSecret after = secrets.load(TenantId.of(t(4)), "postgres");
        assertThat(after.password()).isNotEqualTo(before.password());
        try (Connection c = DriverManager.getConnection(after.url(), after.username(), after.password())) {
            assertThat(c.isValid(2)).isTrue();
        }
        assertThat(tenants.queryAs(t(4), "SELECT count(*) AS n FROM notes")).hasSize(1);

        management.deleteTenant(t(4));
        assertThat(serversWith(t(4))).isEmpty();
        assertThat(pg.count(1, "SELECT count(*) FROM pg_roles WHERE rolname = ?", database(t(4)))).isZero();
        assertThatThrownBy(() -> secrets.load(TenantId.of(t(4)), "postgres")).isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void aFullServerIsSkippedAndNoRoomAnywhereIsAClearError() throws Exception {
        try (Postgres small = open(TenantServers.of(List.of(new TenantServer("east", pg.login(0), 1, 1, 0),
                new TenantServer("west", pg.login(1), 1, 1, 0)), TenantPlacement.fewestTenants()))) {
            PostgresManagement m = small.forManagement();
            String prefixed = "f" + run;
            m.createTenant(prefixed + "-a");
            m.createTenant(prefixed + "-b");
            assertThat(serversWith(prefixed + "-a")).hasSize(1);
            assertThat(serversWith(prefixed + "-b")).hasSize(1).doesNotContainAnyElementsOf(serversWith(prefixed + "-a"));
            // the other tenants of this run count too: each server holds one already
            assertThatThrownBy(() -> m.createTenant(prefixed + "-c")).hasStackTraceContaining("No PostgreSQL server can take")
                    .hasStackTraceContaining("full");
            assertThat(m.find(prefixed + "-c")).isEmpty();
            m.deleteTenant(prefixed + "-a");
            m.deleteTenant(prefixed + "-b");
        }
    }

    /** north allows 2 connections of this process: 6 threads using tenants there never hold more. */
    @Test
    void aServersOwnConnectionCapHolds() throws Exception {
        management.createTenant(t(5), Map.of("server", "north"));
        management.createTenant(t(6), Map.of("server", "north"));
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String tenant = i % 2 == 0 ? t(5) : t(6);
            done.add(threads.submit(() -> {
                for (int n = 0; n < 5; n++) {
                    tenants.withConnection(tenant, c -> {
                        peak.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                        c.createStatement().execute("SELECT pg_sleep(0.05)");
                        inUse.decrementAndGet();
                    });
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        threads.shutdown();
        assertThat(peak.get()).as("connections to north in use at once").isBetween(1, 2);
    }

    /**
     * A tenant waiting for a connection to a server at its own cap frees one there, closing the
     * idle connection of another tenant of that server; the warm idle connection of a tenant on
     * another server (used longer ago) is left alone, since closing it frees nothing there.
     */
    @Test
    void waitingForAServersCapClosesIdleConnectionsOfThatServerOnly() throws Exception {
        management.createTenant(t(20), Map.of("server", "east"));
        management.createTenant(t(21), Map.of("server", "north"));
        management.createTenant(t(22), Map.of("server", "north"));
        management.createTenant(t(23), Map.of("server", "north"));
        assertThat(portOf(t(20))).isEqualTo(pg.get(0).port()); // the least recently used idle connection
        assertThat(portOf(t(21))).isEqualTo(pg.get(2).port());
        assertThat(portOf(t(22))).isEqualTo(pg.get(2).port()); // north (cap 2) is full, both idle
        assertThat(portOf(t(23))).as("gets one of north's by closing an idle one there").isEqualTo(pg.get(2).port());
        assertThat(pg.count(0, "SELECT count(*) FROM pg_stat_activity WHERE usename = ?", database(t(20))))
                .as("east's idle connection is kept").isEqualTo(1);
    }

    /**
     * Under load on tenants of all three servers, the third server stops: its tenants fail with an
     * error naming it; the others keep working, without one failure; started again, it serves its
     * tenants again.
     */
    @Test
    void aServerThatIsDownFailsOnlyItsOwnTenants() throws Exception {
        management.createTenant(t(7), Map.of("server", "east"));
        management.createTenant(t(8), Map.of("server", "west"));
        management.createTenant(t(9), Map.of("server", "north"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong othersOk = new AtomicLong();
        AtomicLong othersFailed = new AtomicLong();
        ExecutorService load = Executors.newFixedThreadPool(2);
        List<Future<?>> done = new ArrayList<>();
        for (String tenant : List.of(t(7), t(8))) {
            done.add(load.submit(() -> {
                while (running.get()) {
                    try {
                        tenants.queryAs(tenant, "SELECT 1 AS one");
                        othersOk.incrementAndGet();
                    } catch (RuntimeException e) {
                        othersFailed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        assertThat(tenants.queryAs(t(9), "SELECT 1 AS one")).hasSize(1);
        pg.get(2).stop();
        try {
            long before = othersOk.get();
            // a pooled connection opened before the stop fails its statement first (the server
            // ended it); the next request cannot get a connection and says which server is down
            assertThatThrownBy(() -> tenants.queryAs(t(9), "SELECT 1 AS one")).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> tenants.queryAs(t(9), "SELECT 1 AS one"))
                    .hasStackTraceContaining("server 'north'").hasStackTraceContaining("not affected");
            Thread.sleep(500);
            assertThat(othersOk.get()).as("east and west keep serving").isGreaterThan(before);
        } finally {
            pg.get(2).start();
        }
        running.set(false);
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        load.shutdown();
        assertThat(othersFailed.get()).as("failures of east and west tenants while north was down").isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                assertThat(tenants.queryAs(t(9), "SELECT 1 AS one")).hasSize(1);
                break;
            } catch (RuntimeException stillBroken) {
                if (System.nanoTime() > deadline) {
                    throw stillBroken;
                }
                Thread.sleep(200); // a pooled connection from before the stop fails once and is evicted
            }
        }
    }
}
