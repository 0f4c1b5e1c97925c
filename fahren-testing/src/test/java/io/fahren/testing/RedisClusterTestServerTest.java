package io.fahren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

/** A real 3-primary Redis Cluster on loopback, as the scale-out tests will use it. */
class RedisClusterTestServerTest {

    private static RedisClusterTestServer cluster;

    @BeforeAll
    static void start() {
        cluster = RedisClusterTestServer.startNew(3);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void threePrimariesServeEverySlotAndKeysSpreadOverAllOfThem() {
        try (JedisCluster jedis = new JedisCluster(Set.copyOf(cluster.nodes()), cluster.clientConfig())) {
            for (int i = 0; i < 300; i++) {
                jedis.set("spread:" + i, Integer.toString(i));
            }
            assertThat(jedis.get("spread:42")).isEqualTo("42");
        }
        Map<HostAndPort, Long> keys = new HashMap<>();
        for (HostAndPort node : cluster.nodes()) {
            try (Jedis jedis = cluster.connect(node)) {
                assertThat(jedis.clusterInfo()).contains("cluster_state:ok").contains("cluster_slots_assigned:16384");
                keys.put(node, (long) jedis.keys("spread:*").size());
            }
        }
        assertThat(keys.values()).as("every primary holds some of the 300 keys").allMatch(count -> count > 0);
        assertThat(keys.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
    }

    @Test
    void keysOfOneHashTagShareASlotSoMultiKeyCommandsWork() {
        try (JedisCluster jedis = new JedisCluster(Set.copyOf(cluster.nodes()), cluster.clientConfig())) {
            jedis.mset("{acme}:a", "1", "{acme}:b", "2");
            assertThat(jedis.mget("{acme}:a", "{acme}:b")).containsExactly("1", "2");
            int slot = JedisClusterCRC16.getSlot("{acme}:a");
            assertThat(JedisClusterCRC16.getSlot("{acme}:b")).isEqualTo(slot);
            try (Jedis owner = cluster.connect(cluster.primaryOf(slot))) {
                assertThat(owner.get("{acme}:a")).as("the key lives on the primary of its slot").isEqualTo("1");
            }
        }
    }

    @Test
    void theDefaultUserIsOffOnEveryNode() {
        for (HostAndPort node : cluster.nodes()) {
            try (Jedis anonymous = new Jedis(node)) {
                assertThatThrownBy(anonymous::ping).hasMessageContaining("NOAUTH");
            }
        }
        assertThat(cluster.nodes()).hasSize(3);
        assertThat(cluster.replicas()).isEmpty();
    }
}
