package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.BulkProgress;
import io.fahren.TenantId;
import io.fahren.TenantQuery;
import io.fahren.TenantState;
import io.fahren.TenantSuspendedException;
import io.fahren.postgres.impl.sql.TenantLogins;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating database-per-tenant tenants on a real PostgreSQL: suspend and resume switch the login
 * off and on and end its sessions, credential rotation runs under load without a failed request,
 * and a rotation interrupted after its first step leaves a tenant that works and that the next
 * rotation finishes.
 */
@WithPostgres
class TenantOperationsTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final int THREADS = 8;

    @TempDir
    static Path dir;

    private static PostgresDatabase server;
    private static TenantSecrets secrets;
    private static Postgres databases;
    private static PostgresManagement management;
    private static PostgresTenants tenants;
    private static final List<String> LOADED = new ArrayList<>();

    private static String t(String name) {
        return name + "-" + RUN;
    }

    @BeforeAll
    static void start(PostgresDatabase db) {
        server = db;
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
        databases = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets,
                DatabaseOptions.builder().revokePublicConnect(true).registrySchema("fahren_ops").prefix("ops_")
                        .build());
        management = databases.forManagement();
        tenants = databases.forTenants();
        for (String name : List.of("acme", "globex", "initech", "umbrella", "paused")) {
            management.createTenant(t(name), Map.of("plan", name.equals("acme") ? "pro" : "free"));
            tenants.withConnection(t(name), c -> c.createStatement().execute("CREATE TABLE items (owner text)"));
            tenants.updateAs(t(name), "INSERT INTO items VALUES (?)", t(name));
        }
        LOADED.addAll(List.of(t("acme"), t("globex"), t("initech"), t("umbrella")));
    }

    @AfterAll
    static void stop() {
        tenants.close();
        databases.close();
    }

    private static String role(String tenant) {
        return "ops_" + tenant;
    }

    @Test
    void suspendSwitchesTheLoginOffEndsItsSessionsAndKeepsItsData() throws Exception {
        String tenant = t("paused");
        ConnectionSecret login = secrets.load(TenantId.of(tenant), "postgres");
        try (Connection direct = DriverManager.getConnection(login.url(), login.username(), login.password())) {
            management.suspendTenant(tenant);

            assertThat(management.find(tenant).orElseThrow().state()).isEqualTo(TenantState.SUSPENDED);
            assertThat(canLogIn(role(tenant))).isFalse();
            assertThatThrownBy(() -> direct.createStatement().execute("SELECT 1"))
                    .as("the session opened before the suspension was ended").isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(login.url(), login.username(), login.password()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("not permitted to log in");
            assertThatThrownBy(() -> tenants.queryAs(tenant, "SELECT owner FROM items"))
                    .isInstanceOf(TenantSuspendedException.class).hasMessageContaining("resumeTenant");
            assertThat(management.suspendTenant(tenant).state()).as("idempotent").isEqualTo(TenantState.SUSPENDED);
            assertThatThrownBy(() -> management.createTenant(tenant)).isInstanceOf(io.fahren.TenantAlreadyExistsException.class);
        } finally {
            management.resumeTenant(tenant);
        }
        assertThat(canLogIn(role(tenant))).isTrue();
        assertThat(management.resumeTenant(tenant).state()).as("idempotent").isEqualTo(TenantState.ACTIVE);
        assertThat(tenants.queryAs(tenant, "SELECT owner FROM items")).extracting(r -> r.get("owner"))
                .containsExactly(tenant);
    }

    @Test
    void aSuspendLeftHalfDoneStaysRefusedAndTheNextCallFinishesIt() throws Exception {
        String tenant = t("paused");
        // a crash after the state was recorded, before any resource ran
        databases.registry().put(TenantId.of(tenant), TenantState.SUSPENDING);
        try {
            assertThat(canLogIn(role(tenant))).isTrue();
            Thread.sleep(5_100); // the tenants side's ACTIVE cache of this tenant runs out
            assertThatThrownBy(() -> tenants.queryAs(tenant, "SELECT 1")).isInstanceOf(TenantSuspendedException.class);
            management.suspendTenant(tenant);
            assertThat(canLogIn(role(tenant))).isFalse();
        } finally {
            management.resumeTenant(tenant);
        }
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n FROM items").get(0).get("n")).isEqualTo(1L);
    }

    @Test
    void rotatingEveryTenantTwiceUnderLoadFailsNoRequestAndLeavesNoOldConnection() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong operations = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    String tenant = LOADED.get(ThreadLocalRandom.current().nextInt(LOADED.size()));
                    try {
                        Object owner = tenants.queryAs(tenant, "SELECT owner FROM items").get(0).get("owner");
                        if (!tenant.equals(owner)) {
                            failures.add(new AssertionError(tenant + " read " + owner));
                        }
                        operations.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            load.add(thread);
        }
        Timestamp beforeLastRotation;
        Map<String, String> passwords = new java.util.HashMap<>();
        try {
            Thread.sleep(300);
            BulkProgress first = management.rotateCredentials(TenantQuery.all().withIdPrefix("").inStates(TenantState.ACTIVE)
                    .limit(2), 2, p -> { });
            assertThat(first.failures()).isEmpty();
            beforeLastRotation = serverNow();
            for (String tenant : LOADED) {
                passwords.put(tenant, secrets.load(TenantId.of(tenant), "postgres").password());
                management.rotateCredentials(tenant);
            }
            Thread.sleep(300);
        } finally {
            running.set(false);
            for (Thread thread : load) {
                thread.join();
            }
        }
        assertThat(failures).as("failed operations out of %d", operations.get()).isEmpty();
        assertThat(operations.get()).isGreaterThan(100);
        for (String tenant : LOADED) {
            ConnectionSecret secret = secrets.load(TenantId.of(tenant), "postgres");
            assertThat(secret.isRotating()).isFalse();
            assertThat(secret.password()).isNotEqualTo(passwords.get(tenant));
            assertThat(backendsStartedBefore(role(tenant), beforeLastRotation))
                    .as("connections of %s opened before its last rotation", tenant).isZero();
            assertThatThrownBy(() -> DriverManager.getConnection(secret.url(), secret.username(), passwords.get(tenant)))
                    .as("the old password is refused").isInstanceOf(SQLException.class);
        }
        System.out.printf("Rotation under load: %d operations on %d threads, %d failed, every tenant rotated twice%n",
                operations.get(), THREADS, failures.size());
    }

    @Test
    void aRotationInterruptedAfterTheSecretWasWrittenStillConnectsAndIsFinishedNext() throws Exception {
        String tenant = t("globex");
        TenantId id = TenantId.of(tenant);
        ConnectionSecret before = secrets.load(id, "postgres");
        // the crash: the new password is stored, the server never got it
        secrets.store(id, "postgres", before.rotatingTo(TenantLogins.randomPassword()));
        try (PostgresTenants fresh = databases.forTenants()) {
            assertThat(fresh.queryAs(tenant, "SELECT owner FROM items")).hasSize(1);
        }
        management.rotateCredentials(tenant);
        ConnectionSecret after = secrets.load(id, "postgres");
        assertThat(after.isRotating()).isFalse();
        try (Connection c = DriverManager.getConnection(after.url(), after.username(), after.password())) {
            assertThat(c.isValid(2)).isTrue();
        }
        try (PostgresTenants fresh = databases.forTenants()) {
            assertThat(fresh.queryAs(tenant, "SELECT owner FROM items")).hasSize(1);
        }
    }

    @Test
    void aRotationInterruptedAfterTheServerTookTheNewPasswordStillConnectsAndIsFinishedNext() throws Exception {
        String tenant = t("initech");
        TenantId id = TenantId.of(tenant);
        ConnectionSecret before = secrets.load(id, "postgres");
        ConnectionSecret rotating = before.rotatingTo(TenantLogins.randomPassword());
        secrets.store(id, "postgres", rotating);
        try (Connection c = server.connect()) {
            TenantLogins.setPassword(c, rotating.username(), rotating.password());
        }
        // the crash: this process's pool still logs in with the old password, which the server now refuses
        tenants.close();
        tenants = databases.forTenants();
        assertThat(tenants.queryAs(tenant, "SELECT owner FROM items")).hasSize(1);
        management.rotateCredentials(tenant);
        ConnectionSecret after = secrets.load(id, "postgres");
        assertThat(after.isRotating()).isFalse();
        assertThat(after.password()).as("the interrupted rotation was finished, not another started")
                .isEqualTo(rotating.password());
        assertThat(tenants.queryAs(tenant, "SELECT owner FROM items")).hasSize(1);
    }

    /**
     * Rotations, suspensions and resumptions of the same tenant from several threads at once are
     * serialized by its lifecycle lock: each completes, the tenant ends ACTIVE with a finished
     * rotation, and its login works.
     */
    @Test
    void concurrentOperationsOnOneTenantAreSerializedAndEachCompletes() throws Exception {
        String tenant = t("umbrella");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                runs.add(pool.submit(() -> {
                    for (int k = 0; k < 3; k++) {
                        if (n % 3 == 0) {
                            management.suspendTenant(tenant);
                            management.resumeTenant(tenant);
                        } else {
                            management.rotateCredentials(tenant);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> run : runs) {
                run.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        management.resumeTenant(tenant);
        assertThat(management.find(tenant).orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
        ConnectionSecret secret = secrets.load(TenantId.of(tenant), "postgres");
        assertThat(secret.isRotating()).isFalse();
        assertThat(canLogIn(role(tenant))).isTrue();
        try (Connection c = DriverManager.getConnection(secret.url(), secret.username(), secret.password())) {
            assertThat(c.isValid(2)).isTrue();
        }
        Thread.sleep(5_100); // the ACTIVE cache of the tenants side runs out: it asks the registry again
        assertThat(tenants.queryAs(tenant, "SELECT owner FROM items")).hasSize(1);
    }

    @Test
    void attributesAreKeptFilteredOnAndReplaced() {
        assertThat(management.find(t("acme")).orElseThrow().attributes()).containsExactly(Map.entry("plan", "pro"));
        assertThat(management.list(TenantQuery.all().withIdPrefix("acme-").withAttribute("plan", "pro")).tenants())
                .extracting(tenant -> tenant.id().value()).containsExactly(t("acme"));
        management.updateAttributes(t("umbrella"), Map.of("plan", "pro", "region", "eu west"));
        try {
            assertThat(management.list(TenantQuery.all().withAttribute("plan", "pro").withAttribute("region", "eu west"))
                    .tenants()).extracting(tenant -> tenant.id().value()).containsExactly(t("umbrella"));
        } finally {
            management.updateAttributes(t("umbrella"), Map.of("plan", "free"));
        }
        assertThatThrownBy(() -> management.updateAttributes(t("umbrella"), Map.of("Plan'; --", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must match");
        assertThatThrownBy(() -> management.updateAttributes("nobody-" + RUN, Map.of("plan", "x")))
                .isInstanceOf(io.fahren.UnknownTenantException.class);
    }

    private static boolean canLogIn(String role) throws SQLException {
        try (Connection c = server.connect();
                PreparedStatement p = c.prepareStatement("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?")) {
            p.setString(1, role);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Timestamp serverNow() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    private static int backendsStartedBefore(String role, Timestamp when) throws SQLException {
        try (Connection c = server.connect(); PreparedStatement p = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = ? AND backend_start < ?")) {
            p.setString(1, role);
            p.setTimestamp(2, when);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
