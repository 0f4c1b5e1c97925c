package io.fahren.redis.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.redis.Redis;
import io.fahren.test.TestConfig;
import io.fahren.testing.FahrenExtensions;
import io.fahren.testing.RedisClusterTestServer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/** {@code fahren.redis.cluster=true}: the injected client and TenantManagement on a real 3-primary Redis Cluster. */
class RedisClusterCdiTest {

    private static RedisClusterTestServer cluster;

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void start() {
        cluster = RedisClusterTestServer.startNew(3);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private Map<String, String> config(String url) {
        Map<String, String> config = new HashMap<>();
        config.put("fahren.redis.isolation", "prefix");
        config.put("fahren.redis.cluster", "true");
        config.put("fahren.redis.url", url);
        config.put("fahren.redis.username", cluster.adminUser());
        config.put("fahren.redis.password", cluster.adminPassword());
        config.put("fahren.redis.prefix.user", "fahren-tenants-c" + run);
        config.put("fahren.redis.prefix.password", "cdi-cluster-shared-password-0123456789-abcdef");
        config.put("fahren.redis.registry-key", "fahren:tenants:c" + run);
        return config;
    }

    private static Weld weld() {
        return new Weld().disableDiscovery().addExtensions(FahrenExtensions.of(TenantId.class, Redis.class))
                .addBeanClass(VisitCounter.class);
    }

    @Test
    void theInjectedClientFollowsEachTenantToItsSlotOnTheCluster() throws Exception {
        HostAndPort seed = cluster.nodes().get(0);
        String a = "ka-" + run;
        String b = "kb-" + run;
        try (TestConfig ignored = TestConfig.with(config("redis://" + seed + "/0"));
                WeldContainer container = weld().initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            management.createTenant(a);
            management.createTenant(b);
            VisitCounter counter = container.select(VisitCounter.class).get();
            assertThat(Tenants.callAs(a, counter::visit)).isEqualTo(1);
            assertThat(Tenants.callAs(a, counter::visit)).isEqualTo(2);
            assertThat(Tenants.callAs(b, counter::visit)).isEqualTo(1);
            try (JedisCluster admin = new JedisCluster(Set.copyOf(cluster.nodes()), cluster.clientConfig())) {
                assertThat(admin.get("tenant:{" + a + "}:visits")).isEqualTo("2");
                assertThat(admin.get("tenant:{" + b + "}:visits")).isEqualTo("1");
                assertThat(admin.hexists("fahren:tenants:c" + run, a)).as("the registry, on its slot").isTrue();
            }
            management.deleteTenant(a);
            management.deleteTenant(b);
            try (JedisCluster admin = new JedisCluster(Set.copyOf(cluster.nodes()), cluster.clientConfig())) {
                assertThat(admin.exists("tenant:{" + a + "}:visits")).isFalse();
            }
        }
        for (HostAndPort node : cluster.nodes()) {
            try (Jedis jedis = cluster.connect(node)) {
                jedis.aclDelUser("fahren-tenants-c" + run);
            }
        }
    }

    @Test
    void aClusterUrlWithADatabaseFailsTheDeploymentNamingTheFix() {
        try (TestConfig ignored = TestConfig.with(config("redis://" + cluster.nodes().get(0) + "/2"))) {
            assertThatThrownBy(() -> weld().initialize().close()).hasStackTraceContaining("only database 0");
        }
    }
}
