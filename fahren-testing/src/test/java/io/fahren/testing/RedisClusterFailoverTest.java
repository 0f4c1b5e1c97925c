package io.fahren.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A real Redis Cluster of 3 primaries with one replica each: a primary stops as in a crash, its
 * replica takes over its slots, and every write a replica had acknowledged ({@code WAIT 1}) is
 * still there. What the scale-out failover test will build on.
 */
class RedisClusterFailoverTest {

    private static RedisClusterTestServer cluster;

    @BeforeAll
    static void start() {
        cluster = RedisClusterTestServer.startNew(3, 1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aStoppedPrimarysReplicaTakesOverWithEveryAcknowledgedWrite() {
        int slot = JedisClusterCRC16.getSlot("{acme}:0");
        HostAndPort primary = cluster.primaryOf(slot);
        List<String> acknowledged = new ArrayList<>();
        try (JedisCluster jedis = new JedisCluster(Set.copyOf(cluster.nodes()), cluster.clientConfig())) {
            for (int i = 0; i < 200; i++) {
                String key = "{acme}:" + i;
                jedis.set(key, Integer.toString(i));
                if (jedis.waitReplicas(key, 1, 2000) >= 1) {
                    acknowledged.add(key);
                }
            }
        }
        assertThat(acknowledged).as("the replica acknowledged the writes").hasSizeGreaterThan(190);

        cluster.stopNode(primary);

        HostAndPort promoted = cluster.primaryOf(slot);
        assertThat(promoted).as("a replica serves the slot now").isNotEqualTo(primary).isIn(cluster.replicas());
        try (JedisCluster jedis = new JedisCluster(Set.copyOf(cluster.nodes()), cluster.clientConfig())) {
            for (String key : acknowledged) {
                assertThat(jedis.get(key)).as(key).isEqualTo(key.substring("{acme}:".length()));
            }
        }
    }
}
