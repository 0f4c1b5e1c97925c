package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.Tenant;
import io.fahren.TenantAlreadyExistsException;
import io.fahren.TenantState;
import io.fahren.test.Halt;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * Fault injection: a process crash in front of every step of a real Redis {@code createTenant}.
 * A child JVM ({@link CrashingCreate}) runs the call and is halted before its N-th registry write,
 * lock or secret write ({@link Halt}); then a fresh {@link Redis} on the same server takes over.
 * The crashed child's lifecycle lock is still in Redis: the next call must wait for its lease to
 * run out, not forever. At odd steps the next call is {@code createTenant}, which must clean up and
 * provision a working tenant (deleted afterwards); at even steps it is {@code deleteTenant}. Either
 * way the ACL users, the keys, the registry and the secrets store end as they were: 0 orphans.
 */
@WithRedis
class CreateCrashTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"prefix", "acl"})
    void aCrashBeforeAnyStepIsFinishedOrCleanedUpByTheNextCall(String kind, RedisKeyspace keyspace) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        RedisConnection admin = RedisConnection.of(keyspace.uri(), keyspace.server().adminUser(),
                keyspace.server().adminPassword());
        Path secretsFile = dir.resolve("secrets.json");
        Map<String, String> env = Map.of(Halt.URL, keyspace.uri(), Halt.USER, keyspace.server().adminUser(),
                Halt.PASSWORD, keyspace.server().adminPassword(), Halt.SECRETS, secretsFile.toString(), Halt.RUN, run);
        String registryKey = CrashingCreate.registryKey(run);
        try (Redis warmUp = CrashingCreate.open(kind, admin, run, secretsFile, UnaryOperator.identity())) {
            // what a strategy sets up once (the shared prefix user) belongs to "before"
            warmUp.forManagement().createTenant("warm-up");
            warmUp.forManagement().deleteTenant("warm-up");
        }
        Set<String> before = RedisSnapshot.of(keyspace, registryKey);
        String tenant = "crash-" + run;
        List<String> report;
        try {
            report = Halt.beforeEveryStep(CrashingCreate.class, env, (crash, create) -> {
                long start = System.nanoTime();
                try (Redis fresh = CrashingCreate.open(kind, admin, run, secretsFile, UnaryOperator.identity())) {
                    RedisManagement management = fresh.forManagement();
                    boolean finished = management.find(tenant).filter(Tenant::isActive).isPresent();
                    if (finished) {
                        // halted after the create was recorded ACTIVE: it is done, and creating it again is refused
                        assertThatThrownBy(() -> management.createTenant(tenant))
                                .isInstanceOf(TenantAlreadyExistsException.class);
                        works(fresh, tenant);
                    } else if (create) {
                        assertThat(management.createTenant(tenant).state()).isEqualTo(TenantState.ACTIVE);
                        works(fresh, tenant);
                    }
                    management.deleteTenant(tenant);
                    assertThat(management.find(tenant)).as(crash.step()).isEmpty();
                }
                long recoveryMillis = (System.nanoTime() - start) / 1_000_000;
                Set<String> orphans = RedisSnapshot.difference(before, RedisSnapshot.of(keyspace, registryKey));
                boolean secretsClean = !Files.exists(secretsFile) || !Files.readString(secretsFile).contains(tenant);
                assertThat(orphans).as("orphans after %s", crash.step()).isEmpty();
                assertThat(secretsClean).as("secrets after %s", crash.step()).isTrue();
                assertThat(recoveryMillis).as("the next call waits for the crashed lock's lease (%s), not longer",
                        CrashingCreate.LEASE).isLessThan(CrashingCreate.LEASE.toMillis() + 10_000);
                return "recovered in " + recoveryMillis + " ms; orphans 0";
            }, kind, tenant);
        } finally {
            try (Jedis jedis = keyspace.connect()) {
                jedis.aclDelUser("cr-tenants-" + run);
            }
        }
        System.out.printf("crash during createTenant, Redis %s: %d crash points, all recovered with 0 orphans%n  %s%n",
                kind, report.size(), String.join("\n  ", report));
        assertThat(report.size()).as("crash points: the child must have had steps to halt at").isGreaterThanOrEqualTo(4);
    }

    private static void works(Redis redis, String tenant) {
        try (UnifiedJedis client = redis.forTenants().clientFor(tenant)) {
            assertThat(client.set("k", "v")).isEqualTo("OK");
            assertThat(client.get("k")).isEqualTo("v");
        }
    }
}
