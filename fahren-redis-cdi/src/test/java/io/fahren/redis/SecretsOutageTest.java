package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantProvisioningException;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.SecretsUnavailableException;
import io.fahren.secrets.TenantSecrets;
import io.fahren.test.OutageSecrets;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithRedis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * Fault injection: the secrets backend becomes unreachable while ACL tenants are in use, with
 * per-tenant pools and with shared connections ({@link OutageSecrets} stands in for an
 * unreachable Vault).
 */
@WithRedis
class SecretsOutageTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "shared connections: {0}")
    @ValueSource(booleans = {false, true})
    void createFailsLeavingNothingOpenTenantsKeepWorkingNewOnesFailClearly(boolean shared, RedisKeyspace keyspace) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        OutageSecrets backend = new OutageSecrets(new FileSecretsProvider(dir.resolve("secrets-" + shared + ".json")));
        RedisConnection admin = RedisConnection.of(keyspace.uri(), keyspace.server().adminUser(),
                keyspace.server().adminPassword());
        String prefix = "so-" + run + "-";
        try (Redis redis = Redis.withAclIsolation(admin, new TenantSecrets(backend, TenantSecrets.DEFAULT_PATTERN),
                RedisOptions.builder().aclUserPrefix(prefix).registryKey("fahren:so:" + run).sharedConnections(shared)
                        .build())) {
            RedisManagement management = redis.forManagement();
            management.createTenant("open");
            management.createTenant("cold");
            UnifiedJedis open = redis.forTenants().clientFor("open");
            open.set("k", "before");

            backend.down();
            List<String> users = aclUsers(keyspace, prefix);
            assertThatThrownBy(() -> management.createTenant("new")).isInstanceOf(TenantProvisioningException.class)
                    .satisfies(e -> assertThat(causes(e)).anyMatch(SecretsUnavailableException.class::isInstance));
            assertThat(aclUsers(keyspace, prefix)).isEqualTo(users);
            assertThat(management.find("new")).isEmpty();

            for (int i = 0; i < 20; i++) {
                open.incr("during-outage");
            }
            assertThat(open.get("during-outage")).isEqualTo("20");
            assertThatThrownBy(() -> redis.forTenants().clientFor("cold").get("k"))
                    .satisfies(e -> assertThat(causes(e)).anyMatch(SecretsUnavailableException.class::isInstance));

            backend.up();
            try (UnifiedJedis cold = redis.forTenants().clientFor("cold")) {
                assertThat(cold.get("k")).isNull();
                assertThat(cold.set("k", "cold's")).isEqualTo("OK");
            }
            management.createTenant("new");
            open.close();
            for (String tenant : new String[] {"open", "cold", "new"}) {
                management.deleteTenant(tenant);
            }
            assertThat(aclUsers(keyspace, prefix)).isEmpty();
        }
    }

    private static List<String> aclUsers(RedisKeyspace keyspace, String prefix) {
        try (Jedis admin = keyspace.connect()) {
            return admin.aclUsers().stream().filter(u -> u.startsWith(prefix)).sorted().toList();
        }
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
