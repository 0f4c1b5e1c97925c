package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.TenantProvisioningException;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithRedis;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.embedded.RedisServer;

/** ACL isolation against a real Redis (with an aclfile, so ACL SAVE works). */
@WithRedis
class AclIsolationTest extends RedisIsolationContract {

    @TempDir
    Path dir;

    protected TenantSecrets secrets;

    @Override
    protected Redis open(RedisKeyspace keyspace, RedisOptions.Builder options) {
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
        return Redis.withAclIsolation(admin(), secrets, options.build());
    }

    private ConnectionSecret login(String tenant) {
        return secrets.load(TenantId.of(tenant), "redis");
    }

    @Test
    void eachTenantHasItsOwnUserRestrictedToItsKeysAndSavedToTheAclFile() {
        try (Jedis admin = keyspace.connect()) {
            String rules = admin.aclList().stream().filter(r -> r.startsWith("user ft-" + run + "-" + a() + " "))
                    .findFirst().orElseThrow();
            assertThat(rules).contains("~tenant:" + a() + ":*").contains("&tenant:" + a() + ":*")
                    .contains("-@dangerous").contains("-scan").contains("-randomkey");
        }
        try (Jedis admin = keyspace.connect()) {
            // reloads from the aclfile: the user must have been saved there. Redis 6.2 drops the
            // connections of reloaded users, this admin's own included, before it answers.
            try {
                admin.aclLoad();
            } catch (JedisConnectionException dropped) {
                // expected from Redis 6.2; the check is the next block
            }
        }
        // the reload also dropped Fahren's pooled admin connections: the next management call must
        // still work (the management pool checks a connection before lending it)
        assertThat(management.find(a())).isPresent();
        try (Jedis admin = keyspace.connect()) {
            assertThat(admin.aclUsers()).contains("ft-" + run + "-" + a());
        }
        assertThat(login(a()).password()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(login(a()).toString()).doesNotContain(login(a()).password());
    }

    @Test
    void aTenantsOwnLoginCannotReachAnotherTenantsKeysOrChangeAcls() {
        client(b()).set("k", "b's");
        ConnectionSecret asA = login(a());
        try (Jedis raw = new Jedis(admin().hostAndPort(), admin().as(asA.username(), asA.password()).clientConfig())) {
            assertNoPerm(() -> raw.get("tenant:" + b() + ":k"));
            assertNoPerm(() -> raw.set("tenant:" + b() + ":k", "overwritten"));
            assertNoPerm(() -> raw.aclSetUser("ft-" + run + "-" + b(), "nopass"));
            assertNoPerm(raw::flushAll);
            assertNoPerm(raw::flushDB);
            assertThat(raw.set("tenant:" + a() + ":k", "own")).isEqualTo("OK");
        }
        assertThat(client(b()).get("k")).isEqualTo("b's");
    }

    @Test
    void flushAllIsRefusedThroughTheClient() {
        UnifiedJedis asA = client(a());
        assertNoPerm(asA::flushAll);
        assertNoPerm(asA::flushDB);
    }

    @Test
    void withTheDangerousCommandsOptionFlushAllSucceeds() {
        try (Redis seedLike = Redis.withAclIsolation(admin(), secrets, options().registryKey("fahren:tenants:d" + run)
                .allowDangerousCommands(true).build())) {
            String tenant = "rd-" + run;
            seedLike.forManagement().createTenant(tenant);
            try (UnifiedJedis client = seedLike.forTenants().clientFor(tenant)) {
                client.set("k", "v");
                assertThat(client.flushAll()).isEqualTo("OK");
            }
            seedLike.forManagement().deleteTenant(tenant);
        }
    }

    @Test
    void aMissingSecretIsAClearErrorNamingTheTenantAndPath() {
        secrets.delete(TenantId.of(a()), "redis");
        assertThatThrownBy(() -> tenants.clientFor(a())).isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("tenant '" + a() + "'")
                .hasMessageContaining(secrets.path(TenantId.of(a()), "redis"));
    }

    @Test
    void aFailingSecretWriteLeavesNoAclUserAndNoTenant() {
        SecretsProvider failing = new SecretsProvider() {
            @Override
            public Secret read(String path) {
                throw new SecretNotFoundException(path, "nothing here");
            }

            @Override
            public void write(String path, Secret secret) {
                throw new IllegalStateException("secrets backend refused the write");
            }

            @Override
            public void delete(String path) {
            }
        };
        String tenant = "rf-" + run;
        try (Redis broken = Redis.withAclIsolation(admin(), new TenantSecrets(failing, TenantSecrets.DEFAULT_PATTERN),
                options().registryKey("fahren:tenants:f" + run).build())) {
            assertThatThrownBy(() -> broken.forManagement().createTenant(tenant))
                    .isInstanceOf(TenantProvisioningException.class);
            assertThat(broken.forManagement().find(tenant)).isEmpty();
        }
        try (Jedis admin = keyspace.connect()) {
            assertThat(admin.aclUsers()).doesNotContain("ft-" + run + "-" + tenant);
        }
    }

    /** A body run against a second, plain Redis server: no aclfile, and the default user open. */
    @FunctionalInterface
    protected interface OnPlainServer {
        void run(RedisConnection server, int port) throws Exception;
    }

    /** Starts a plain Redis (no aclfile, open default user) on a free port for the span of {@code body}. */
    protected static void onPlainServer(OnPlainServer body) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer plain = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
        plain.start();
        try {
            body.run(RedisConnection.of("redis://127.0.0.1:" + port + "/0"), port);
        } finally {
            plain.stop();
        }
    }

    @Test
    void withoutAnAclFileCreateTenantFailsUnlessPersistenceIsWaived() throws Exception {
        onPlainServer((server, port) -> {
            try (Redis strict = Redis.withAclIsolation(server, secrets, options().build())) {
                assertThatThrownBy(() -> strict.forManagement().createTenant("np-" + run))
                        .isInstanceOf(TenantProvisioningException.class)
                        .hasStackTraceContaining("has no aclfile")
                        .hasStackTraceContaining("fahren.redis.acl.require-persistence=false");
                try (Jedis admin = new Jedis("127.0.0.1", port)) {
                    assertThat(admin.aclUsers()).containsExactly("default");
                }
            }
            try (Redis relaxed = Redis.withAclIsolation(server, secrets, options().requirePersistence(false).build())) {
                relaxed.forManagement().createTenant("np-" + run);
                try (UnifiedJedis client = relaxed.forTenants().clientFor("np-" + run)) {
                    assertThat(client.set("k", "v")).isEqualTo("OK");
                }
                relaxed.forManagement().deleteTenant("np-" + run);
            }
        });
    }

    @Test
    void fiveHundredTenantsUsedAtRandomKeepConnectionsBounded() throws Exception {
        int maxTenants = 50;
        String registry = "fahren:tenants:p" + run;
        try (Redis bounded = Redis.withAclIsolation(admin(), secrets, options().registryKey(registry)
                .maxTenants(maxTenants).build())) {
            RedisManagement many = bounded.forManagement();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                ids.add("p" + i + "-" + run);
                many.createTenant(ids.get(i));
            }
            RedisTenants side = bounded.forTenants();
            int peak = 0;
            for (int i = 0; i < 2_000; i++) {
                String tenant = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                try (UnifiedJedis client = side.clientFor(tenant)) {
                    client.incr("calls");
                }
                if (i % 100 == 0) {
                    peak = Math.max(peak, tenantConnections());
                    assertThat(bounded.openTenantPools()).isLessThanOrEqualTo(maxTenants);
                }
            }
            peak = Math.max(peak, tenantConnections());
            System.out.printf("ACL pools: 500 tenants, 2,000 random calls, max-tenants=%d: peak %d tenant connections%n",
                    maxTenants, peak);
            assertThat(peak).isLessThanOrEqualTo(maxTenants);
            long total = 0;
            for (String id : ids) {
                try (UnifiedJedis client = side.clientFor(id)) {
                    String calls = client.get("calls");
                    total += calls == null ? 0 : Long.parseLong(calls);
                }
            }
            assertThat(total).as("every call succeeded and was counted").isEqualTo(2_000);
            for (String id : ids) {
                many.deleteTenant(id);
            }
        }
    }

    /** @return server connections logged in as one of this run's tenant users */
    protected int tenantConnections() {
        try (Jedis admin = keyspace.connect()) {
            return (int) admin.clientList().lines().filter(line -> line.contains(" user=ft-" + run + "-")).count();
        }
    }

    @Test
    void suspendSwitchesTheUserOffDisconnectsItAndKeepsItsKeys() {
        client(a()).set("k", "kept");
        ConnectionSecret asA = login(a());
        try (Jedis raw = new Jedis(admin().hostAndPort(), admin().as(asA.username(), asA.password()).clientConfig())) {
            raw.ping();
            management.suspendTenant(a());
            assertThat(management.find(a()).orElseThrow().state()).isEqualTo(io.fahren.TenantState.SUSPENDED);
            assertThatThrownBy(raw::ping).as("the connection logged in before the suspension was killed")
                    .isInstanceOf(JedisConnectionException.class);
        }
        try (Jedis admin = keyspace.connect()) {
            assertThat(admin.aclGetUser(asA.username()).getFlags()).contains("off");
            assertThat(admin.get("tenant:" + a() + ":k")).isEqualTo("kept");
        }
        assertThatThrownBy(() -> new Jedis(admin().hostAndPort(), admin().as(asA.username(), asA.password())
                .clientConfig()).ping()).hasMessageContaining("WRONGPASS");
        assertThatThrownBy(() -> tenants.clientFor(a()).get("k")).isInstanceOf(io.fahren.TenantSuspendedException.class);
        assertThat(management.suspendTenant(a()).state()).as("idempotent").isEqualTo(io.fahren.TenantState.SUSPENDED);
        assertThat(client(b()).set("still", "works")).isEqualTo("OK");

        management.resumeTenant(a());
        try (Jedis admin = keyspace.connect()) {
            assertThat(admin.aclGetUser(asA.username()).getFlags()).contains("on");
        }
        assertThat(client(a()).get("k")).isEqualTo("kept");
    }

    @Test
    void rotatingBothTenantsTwiceUnderLoadFailsNoCommandAndLeavesNoOldConnection() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong operations = new java.util.concurrent.atomic.AtomicLong();
        java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<String> loaded = List.of(a(), b());
        UnifiedJedis forA = client(a());
        UnifiedJedis forB = client(b());
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    boolean first = ThreadLocalRandom.current().nextBoolean();
                    try {
                        (first ? forA : forB).incr("counter");
                        operations.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            load.add(thread);
        }
        long lastClientBeforeRotation;
        java.util.Map<String, String> old = new java.util.HashMap<>();
        try {
            Thread.sleep(200);
            management.rotateCredentials(io.fahren.TenantQuery.all(), 2, p -> { });
            try (Jedis admin = keyspace.connect()) {
                lastClientBeforeRotation = admin.clientId();
            }
            for (String tenant : loaded) {
                old.put(tenant, login(tenant).password());
                management.rotateCredentials(tenant);
            }
            Thread.sleep(200);
        } finally {
            running.set(false);
            for (Thread thread : load) {
                thread.join();
            }
        }
        assertThat(failures).as("failed commands out of %d", operations.get()).isEmpty();
        assertThat(operations.get()).isGreaterThan(100);
        try (Jedis admin = keyspace.connect()) {
            for (String tenant : loaded) {
                String user = login(tenant).username();
                assertThat(login(tenant).isRotating()).isFalse();
                assertThat(login(tenant).password()).isNotEqualTo(old.get(tenant));
                assertThat(java.util.Arrays.stream(admin.clientList().split("\n"))
                        .filter(line -> line.contains(" user=" + user + " "))
                        .mapToLong(line -> Long.parseLong(line.replaceAll("^id=(\\d+) .*", "$1")))
                        .filter(id -> id < lastClientBeforeRotation).count())
                        .as("connections of %s opened before its last rotation", tenant).isZero();
                assertThatThrownBy(() -> new Jedis(admin().hostAndPort(), admin().as(user, old.get(tenant))
                        .clientConfig()).ping()).hasMessageContaining("WRONGPASS");
            }
        }
        System.out.printf("Redis rotation under load (%s): %d commands on 8 threads, %d failed%n",
                getClass().getSimpleName(), operations.get(), failures.size());
    }

    @Test
    void aRotationInterruptedAfterTheSecretWasWrittenStillConnectsAndIsFinishedNext() {
        ConnectionSecret before = login(a());
        secrets.store(TenantId.of(a()), "redis", before.rotatingTo(io.fahren.redis.impl.rules.AclRules.newPassword()));
        try (RedisTenants fresh = redis.forTenants(); UnifiedJedis asA = fresh.clientFor(a())) {
            assertThat(asA.set("k", "v")).isEqualTo("OK");
        }
        management.rotateCredentials(a());
        ConnectionSecret after = login(a());
        assertThat(after.isRotating()).isFalse();
        try (Jedis raw = new Jedis(admin().hostAndPort(), admin().as(after.username(), after.password()).clientConfig())) {
            assertThat(raw.ping()).isEqualTo("PONG");
        }
        assertThatThrownBy(() -> new Jedis(admin().hostAndPort(), admin().as(before.username(), before.password())
                .clientConfig()).ping()).hasMessageContaining("WRONGPASS");
    }

    @Test
    void attributesAreKeptInTheRedisRegistry() {
        management.updateAttributes(a(), java.util.Map.of("plan", "pro", "owner", "a&b=c d%"));
        assertThat(management.find(a()).orElseThrow().attributes())
                .containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of("plan", "pro", "owner", "a&b=c d%")));
        assertThat(management.list(io.fahren.TenantQuery.all().withAttribute("owner", "a&b=c d%")).tenants())
                .extracting(t -> t.id().value()).containsExactly(a());
        management.suspendTenant(a());
        assertThat(management.find(a()).orElseThrow().attributes()).containsEntry("plan", "pro");
        management.resumeTenant(a());
    }
}
