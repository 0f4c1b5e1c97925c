package io.fahren.redis.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.redis.Redis;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.RedisTenants;
import io.fahren.testing.LeakCheckKit;
import io.fahren.testing.LeakReport;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/** Prefix isolation on a real 3-primary Redis Cluster. */
class PrefixClusterTest extends RedisClusterContract {

    static final String PASSWORD = "shared-tenants-password-for-cluster-0123456789";

    @Override
    protected boolean patternSubscriptions() {
        return false;
    }

    @Override
    protected Redis open(RedisConnection admin, RedisOptions.Builder options) {
        return Redis.withPrefixIsolation(admin, options.tenantsPassword(PASSWORD).build());
    }

    @Test
    void theSharedUserExistsOnEveryNodeLimitedToTheTenantKeySpace() {
        for (HostAndPort node : allNodes()) {
            try (Jedis jedis = cluster.connect(node)) {
                String rules = jedis.aclList().stream().filter(r -> r.startsWith("user fc-tenants-" + run + " "))
                        .findFirst().orElseThrow(() -> new AssertionError("no shared user on " + node));
                assertThat(rules).as(node.toString()).contains("~tenant:*").contains("-@scripting").contains("-scan")
                        .contains("+cluster|slots");
            }
        }
    }

    /**
     * A tenants-only service on the cluster: no management login; its clients log in as the
     * shared user, which finds each tenant's primary itself, and tenants are looked up as the
     * registry reader, on the registry's slot.
     */
    @Test
    void aTenantsOnlyServiceFindsTheTenantsPrimariesWithItsOwnLogins() {
        String reader = "reader-password-for-the-cluster-test-0123456789";
        try (Redis withReader = open(admin(), options().registryReader("fc-" + run + "-reader", reader))) {
            withReader.forManagement().createTenant("ro-" + run);
            RedisConnection anyNode = RedisConnection.of("redis://" + cluster.nodes().get(2) + "/0").inCluster();
            try (RedisTenants only = Redis.tenantsOnlyWithPrefix(anyNode, options().registryReader("fc-" + run + "-reader",
                    reader).tenantsPassword(PASSWORD).build(), null);
                    UnifiedJedis client = only.clientFor("ro-" + run)) {
                client.set("from", "tenants-only");
                assertThat(client.get("from")).isEqualTo("tenants-only");
            }
            withReader.forManagement().deleteTenant("ro-" + run);
        }
    }

    /** The leak-test kit, on the cluster, with code that uses the current-tenant client. */
    @Test
    void theLeakKitFindsNoLeakOnTheCluster() throws Exception {
        UnifiedJedis current = tenants.currentTenantClient();
        clients.add(current);
        LeakReport report = LeakCheckKit.builder().provision(management::createTenant).deprovision(management::deleteTenant)
                .idPrefix("lk-" + run).tenants(4).threads(4).readsPerThread(150)
                .seed((tenant, marker) -> current.rpush("notes", marker))
                .read("list notes", tenant -> current.lrange("notes", 0, -1))
                .read("last note", tenant -> current.lindex("notes", -1)).run();
        report.assertNoLeaks();
        assertThat(report.reads()).isEqualTo(4 * 150);
    }
}
