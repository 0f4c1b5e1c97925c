package io.fahren.redis.cdi;

import io.fahren.redis.Redis;
import io.fahren.testing.FahrenExtensions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantId;
import io.fahren.NoTenantException;
import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.UnknownTenantException;
import io.fahren.redis.impl.config.RedisConfigKey;
import io.fahren.secrets.TenantSecrets;
import io.fahren.test.TestConfig;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** fahren.redis.* chooses the strategy; TenantManagement provisions Redis; @Inject UnifiedJedis follows the tenant. */
@WithRedis
class RedisCdiTest {

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    private Map<String, String> config(RedisKeyspace keyspace, String isolation) {
        Map<String, String> config = new HashMap<>();
        config.put("fahren.redis.isolation", isolation);
        config.put("fahren.redis.url", keyspace.uri());
        if (keyspace.server().adminUser() != null) {
            config.put("fahren.redis.username", keyspace.server().adminUser());
        }
        if (keyspace.server().adminPassword() != null) {
            config.put("fahren.redis.password", keyspace.server().adminPassword());
        }
        config.put("fahren.redis.acl.user-prefix", "fc-" + run + "-");
        config.put("fahren.redis.prefix.user", "fahren-tenants-c" + run);
        config.put("fahren.redis.registry-key", "fahren:tenants:c" + run);
        config.put("fahren.secrets.provider", "file");
        config.put("fahren.secrets.file.path", dir.resolve("secrets.json").toString());
        return config;
    }

    private static Weld weld() {
        return new Weld().disableDiscovery().addExtensions(FahrenExtensions.of(TenantId.class, Redis.class))
                .addBeanClass(VisitCounter.class);
    }

    @Test
    void tenantManagementProvisionsAclUsersAndTheInjectedClientFollowsTheTenant(RedisKeyspace keyspace) throws Exception {
        String a = "ca-" + run;
        String b = "cb-" + run;
        try (TestConfig ignored = TestConfig.with(config(keyspace, "acl"));
                WeldContainer container = weld().initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            management.createTenant(a);
            management.createTenant(b);
            VisitCounter counter = container.select(VisitCounter.class).get();

            assertThat(Tenants.callAs(a, counter::visit)).isEqualTo(1);
            assertThat(Tenants.callAs(a, counter::visit)).isEqualTo(2);
            assertThat(Tenants.callAs(b, counter::visit)).isEqualTo(1);
            assertThatThrownBy(counter::visit).isInstanceOf(NoTenantException.class)
                    .hasMessageContaining("Tenants.runAs");

            TenantSecrets secrets = container.select(TenantSecrets.class).get();
            try (Jedis admin = keyspace.connect()) {
                assertThat(admin.get("tenant:" + a + ":visits")).isEqualTo("2");
                assertThat(admin.hexists("fahren:tenants:c" + run, a)).as("the Redis registry is used").isTrue();
                assertThat(admin.aclUsers()).contains("fc-" + run + "-" + a);
            }
            assertThat(secrets.load(TenantId.of(a), "redis").username()).isEqualTo("fc-" + run + "-" + a);

            management.deleteTenant(a);
            try (Jedis admin = keyspace.connect()) {
                assertThat(admin.exists("tenant:" + a + ":visits")).isFalse();
                assertThat(admin.get("tenant:" + b + ":visits")).isEqualTo("1");
                assertThat(admin.aclUsers()).doesNotContain("fc-" + run + "-" + a);
            }
            assertThat(Files.readString(dir.resolve("secrets.json"))).doesNotContain("/tenants/" + a + "/");
            assertThatThrownBy(() -> Tenants.callAs(a, counter::visit)).isInstanceOf(UnknownTenantException.class);
            assertThat(Tenants.callAs(b, counter::visit)).isEqualTo(2);
            management.deleteTenant(b);
        }
    }

    @Test
    void prefixIsolationWithoutItsPasswordFailsDeploymentNamingTheKey(RedisKeyspace keyspace) {
        try (TestConfig ignored = TestConfig.with(config(keyspace, "prefix"))) {
            assertThatThrownBy(() -> weld().initialize().close())
                    .hasStackTraceContaining(RedisConfigKey.PREFIX_PASSWORD.key());
        }
    }

    @Test
    void prefixIsolationThroughConfiguration(RedisKeyspace keyspace) throws Exception {
        Map<String, String> config = config(keyspace, "prefix");
        config.put("fahren.redis.prefix.password", "cdi-shared-password-0123456789-abcdef");
        String a = "pa-" + run;
        try (TestConfig ignored = TestConfig.with(config); WeldContainer container = weld().initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            management.createTenant(a);
            VisitCounter counter = container.select(VisitCounter.class).get();
            assertThat(Tenants.callAs(a, counter::visit)).isEqualTo(1);
            try (Jedis admin = keyspace.connect()) {
                assertThat(admin.get("tenant:" + a + ":visits")).isEqualTo("1");
            }
            management.deleteTenant(a);
            try (Jedis admin = keyspace.connect()) {
                assertThat(admin.exists("tenant:" + a + ":visits")).isFalse();
                admin.aclDelUser("fahren-tenants-c" + run);
            }
        }
    }
}
