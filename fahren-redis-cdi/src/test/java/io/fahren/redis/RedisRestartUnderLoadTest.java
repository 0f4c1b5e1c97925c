package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.FaultLoad;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.ServerSource;
import io.fahren.testing.WithRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
            FaultLoad.Result result = FaultLoad.run(4, Duration.ofMillis(500), keyspace.server()::restart,
                    Duration.ofMillis(1500), JedisException.class, (worker, n, random) -> {
                        int t = random.nextInt(TENANTS);
                        String key = "w" + worker + "-" + n;
                        clients.get(t).set(key, tenants.get(t));
                        return new FaultLoad.Ack("tenant:" + tenants.get(t) + ":" + key, tenants.get(t));
                    });
            Map<String, String> acknowledged = result.acknowledged();
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
                    + "the restart, %d failed (%s)%n", mode, acknowledged.size(), lost, result.acknowledgedAfterFault(),
                    result.failures().size(), result.failureKinds());
            assertThat(lost).isZero();
            assertThat(result.acknowledgedAfterFault()).as("the pools recovered without a new Redis").isPositive();
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
