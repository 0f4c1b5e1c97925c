package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.ServerSource;
import io.fahren.testing.WithRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Fault injection: Redis restarts while 4 threads write as random tenants. Every acknowledged
 * write must be there afterwards (the test server runs with {@code appendfsync always}), failed
 * writes fail with a Jedis exception, the pools recover without a new {@link Redis}, and no shared
 * connection is left logged in as a tenant.
 */
@WithRedis
class RedisRestartUnderLoadTest {

    private static final String PASSWORD = "shared-tenants-password-for-restarts-0123456789";
    private static final int TENANTS = 4;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"prefix", "acl", "acl-shared"})
    void acknowledgedWritesSurviveARestartAndThePoolsRecover(String mode, RedisKeyspace keyspace) throws Exception {
        assumeTrue(keyspace.server().source() != ServerSource.EXTERNAL, "an external Redis is never restarted by tests");
        String run = UUID.randomUUID().toString().substring(0, 6);
        RedisConnection admin = RedisConnection.of(keyspace.uri(), keyspace.server().adminUser(),
                keyspace.server().adminPassword());
        RedisOptions.Builder options = RedisOptions.builder().aclUserPrefix("rr-" + run + "-")
                .tenantsUser("rr-tenants-" + run).registryKey("fahren:rr:" + run).poolSize(4);
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve(mode + ".json")),
                TenantSecrets.DEFAULT_PATTERN);
        try (Redis redis = mode.equals("prefix") ? Redis.withPrefixIsolation(admin, options.tenantsPassword(PASSWORD).build())
                : Redis.withAclIsolation(admin, secrets, options.sharedConnections(mode.equals("acl-shared")).build())) {
            List<String> tenants = new ArrayList<>();
            List<UnifiedJedis> clients = new ArrayList<>();
            for (int t = 0; t < TENANTS; t++) {
                tenants.add("t" + t);
                redis.forManagement().createTenant("t" + t);
                clients.add(redis.forTenants().clientFor("t" + t));
            }
            Map<String, String> acknowledged = new ConcurrentHashMap<>(); // full key -> tenant
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicLong afterRestart = new AtomicLong();
            AtomicBoolean restarted = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int worker = w;
                    workers.add(writers.submit(() -> {
                        SplittableRandom random = new SplittableRandom(worker);
                        for (int n = 0; !stop.get(); n++) {
                            int t = random.nextInt(TENANTS);
                            String key = "w" + worker + "-" + n;
                            try {
                                clients.get(t).set(key, tenants.get(t));
                                acknowledged.put("tenant:" + tenants.get(t) + ":" + key, tenants.get(t));
                                if (restarted.get()) {
                                    afterRestart.incrementAndGet();
                                }
                            } catch (JedisException e) {
                                failures.add(e.getClass().getSimpleName());
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(500);
                keyspace.server().restart();
                restarted.set(true);
                Thread.sleep(1500);
                stop.set(true);
                for (Future<?> worker : workers) {
                    worker.get(1, TimeUnit.MINUTES);
                }
            } finally {
                writers.shutdownNow();
            }
            long lost = 0;
            try (Jedis check = keyspace.connect()) {
                for (Map.Entry<String, String> write : acknowledged.entrySet()) {
                    if (!write.getValue().equals(check.get(write.getKey()))) {
                        lost++;
                    }
                }
                if (mode.equals("acl-shared")) {
                    assertThat(check.clientList().lines().filter(l -> l.contains(" user=rr-" + run + "-")).count())
                            .as("shared connections logged in as a tenant after the run").isZero();
                }
            }
            System.out.printf("Redis restart under load (%s): %d writes acknowledged, %d lost, %d acknowledged after "
                    + "the restart, %d failed (%s)%n", mode, acknowledged.size(), lost, afterRestart.get(),
                    failures.size(), failures.stream().distinct().toList());
            assertThat(lost).isZero();
            assertThat(afterRestart.get()).as("the pools recovered without a new Redis").isPositive();
            assertThat(acknowledged).isNotEmpty();
            // isolation still holds on the recovered connections
            assertThat(clients.get(1).get(acknowledged.entrySet().stream().filter(e -> e.getValue().equals("t0"))
                    .findFirst().orElseThrow().getKey())).isNull();
            clients.forEach(UnifiedJedis::close);
            for (String tenant : tenants) {
                redis.forManagement().deleteTenant(tenant);
            }
        } finally {
            try (Jedis cleanup = keyspace.connect()) {
                cleanup.aclDelUser("rr-tenants-" + run);
            }
        }
    }
}
