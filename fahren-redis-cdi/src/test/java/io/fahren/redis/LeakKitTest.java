package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.testing.LeakReport;
import io.fahren.testing.LeakCheckKit;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithRedis;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * The leak-test kit ({@link LeakCheckKit}) on Redis prefix isolation with a pool of 1 connection: it
 * passes for code that uses Fahren's current-tenant client, and it catches code that does not.
 */
@WithRedis
class LeakKitTest {

    private static final String PASSWORD = "shared-tenants-password-for-leak-kit-0123456789";

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private RedisKeyspace keyspace;
    private Redis redis;
    private UnifiedJedis current;

    @BeforeEach
    void start(RedisKeyspace keyspace) {
        this.keyspace = keyspace;
        redis = Redis.withPrefixIsolation(RedisConnection.of(keyspace.uri(), keyspace.server().adminUser(),
                keyspace.server().adminPassword()), RedisOptions.builder().tenantsPassword(PASSWORD)
                .tenantsUser("lk-" + run).registryKey("fahren:lk:" + run).poolSize(1).build());
        current = redis.forTenants().currentTenantClient();
    }

    @AfterEach
    void stop() {
        redis.close();
        try (Jedis admin = keyspace.connect()) {
            admin.aclDelUser("lk-" + run);
        }
    }

    private LeakCheckKit.Builder kit() {
        RedisManagement management = redis.forManagement();
        return LeakCheckKit.builder().provision(management::createTenant).deprovision(management::deleteTenant).tenants(3).threads(4).readsPerThread(150)
                .seed((tenant, marker) -> current.rpush("notes", marker));
    }

    @Test
    void codeThatUsesTheCurrentTenantClientHasNoLeaks() throws Exception {
        LeakReport report = kit().read("list notes", tenant -> current.lrange("notes", 0, -1))
                .read("last note", tenant -> current.lindex("notes", -1)).run();
        report.assertNoLeaks();
        assertThat(report.reads()).isEqualTo(4 * 150);
        assertThat(redis.forManagement().list()).isEmpty(); // the kit deleted its tenants
    }

    @Test
    void aReadThatBypassesTheTenantIsReportedWithTheTenantsAndTheOperation() throws Exception {
        LeakReport report = kit().read("list notes", tenant -> current.lrange("notes", 0, -1))
                .read("all notes (bug)", tenant -> {
                    try (Jedis admin = keyspace.connect()) { // a bug: reads every tenant's list
                        return admin.keys("tenant:leak-*:notes").stream().map(k -> admin.lrange(k, 0, -1)).toList();
                    }
                }).run();
        assertThat(report.leaks()).isNotEmpty().allSatisfy(leak -> {
            assertThat(leak.operation()).isEqualTo("all notes (bug)");
            assertThat(leak.owner()).isNotEqualTo(leak.reader());
        });
        assertThatThrownBy(report::assertNoLeaks).isInstanceOf(AssertionError.class).hasMessageContaining("LEAK: tenant '")
                .hasMessageContaining("through 'all notes (bug)'");
    }

    @Test
    void aReadThatNeverSeesItsOwnDataFailsInsteadOfPassingBlindly() throws Exception {
        LeakReport report = kit().read("wrong key", tenant -> current.lrange("no-such-list", 0, -1)).run();
        assertThat(report.leaks()).isEmpty();
        assertThat(report.blindOperations()).isEqualTo(List.of("wrong key"));
        assertThatThrownBy(report::assertNoLeaks).hasMessageContaining("BLIND: 'wrong key'");
    }
}
