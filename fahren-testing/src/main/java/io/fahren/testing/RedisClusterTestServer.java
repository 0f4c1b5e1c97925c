package io.fahren.testing;

import io.fahren.testing.impl.Ports;
import io.fahren.testing.impl.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis Cluster on loopback: primaries started from the same Redis binaries as
 * {@link RedisTestServer} (embedded-redis 6.2, or the {@code redis-server} named by
 * {@code FAHREN_TEST_REDIS_SERVER}), each with cluster mode on, an append-only file and the same ACL
 * file (a locked {@code default} user and one admin). The 16384 slots are split evenly; the nodes
 * meet; {@link #startNew(int)} returns once every node reports {@code cluster_state:ok}.
 *
 * <pre>{@code
 * try (RedisClusterTestServer cluster = RedisClusterTestServer.startNew(3)) {
 *     try (JedisCluster jedis = new JedisCluster(Set.copyOf(cluster.nodes()), cluster.clientConfig())) {
 *         jedis.set("{acme}:a", "1");
 *     }
 * }
 * }</pre>
 */
public final class RedisClusterTestServer implements AutoCloseable {

    /** Slots of a Redis Cluster. */
    public static final int SLOTS = 16384;

    private static final Duration FORMING = Duration.ofSeconds(30);

    private final List<RedisServer> servers;
    private final List<HostAndPort> nodes;
    private final Path base;
    private final String adminPassword;

    private RedisClusterTestServer(List<RedisServer> servers, List<HostAndPort> nodes, Path base, String adminPassword) {
        this.servers = servers;
        this.nodes = nodes;
        this.base = base;
        this.adminPassword = adminPassword;
    }

    /**
     * @param primaries how many primaries (at least 3, as Redis Cluster wants)
     * @return the started, formed cluster; it stops and its files are deleted when closed or at JVM exit
     * @throws IllegalStateException when the cluster does not form within 30 seconds
     */
    public static RedisClusterTestServer startNew(int primaries) {
        if (primaries < 3) {
            throw new IllegalArgumentException("A Redis Cluster needs at least 3 primaries, not " + primaries);
        }
        Path executable = TestServers.systemRedis();
        List<RedisServer> servers = new ArrayList<>();
        List<HostAndPort> nodes = new ArrayList<>();
        RedisClusterTestServer cluster = null;
        try {
            Path base = Files.createTempDirectory("fahren-redis-cluster-");
            Path aclFile = base.resolve("users.acl");
            String password = EmbeddedRedisServer.writeAcl(aclFile);
            cluster = new RedisClusterTestServer(servers, nodes, base, password);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "fahren-redis-cluster-shutdown"));
            for (int i = 0; i < primaries; i++) {
                int port = Ports.free();
                Path dir = Files.createDirectory(base.resolve("node-" + port));
                RedisServerBuilder builder = RedisServer.newRedisServer();
                if (executable != null) {
                    builder.executableProvider(executable::toFile);
                }
                RedisServer server = EmbeddedRedisServer.durable(builder, port, dir, aclFile)
                        .setting("cluster-enabled yes").setting("cluster-config-file nodes.conf")
                        .setting("cluster-node-timeout 2000").build();
                servers.add(server);
                server.start();
                nodes.add(new HostAndPort("127.0.0.1", port));
            }
            cluster.form();
            return cluster;
        } catch (IOException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw new UncheckedIOException("Could not start a Redis Cluster of " + primaries + " primaries", e);
        } catch (RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
    }

    /** Gives each primary its share of the slots, makes the nodes meet, and waits for the cluster. */
    private void form() {
        int per = SLOTS / nodes.size();
        for (int i = 0; i < nodes.size(); i++) {
            int from = i * per;
            int to = i == nodes.size() - 1 ? SLOTS : from + per;
            try (Jedis node = connect(nodes.get(i))) {
                node.clusterAddSlots(IntStream.range(from, to).toArray());
                if (i > 0) {
                    node.clusterMeet(nodes.get(0).getHost(), nodes.get(0).getPort());
                }
            }
        }
        long deadline = System.nanoTime() + FORMING.toNanos();
        while (!formed()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The Redis Cluster on " + nodes + " did not reach cluster_state:ok in "
                        + FORMING.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the Redis Cluster formed", e);
            }
        }
    }

    private boolean formed() {
        for (HostAndPort node : nodes) {
            try (Jedis jedis = connect(node)) {
                String info = jedis.clusterInfo();
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + nodes.size())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the primaries' addresses, in start order */
    public List<HostAndPort> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** @return the admin user every node knows (its {@code default} user is off) */
    public String adminUser() {
        return EmbeddedRedisServer.ADMIN_USER;
    }

    /** @return the admin's password */
    public String adminPassword() {
        return adminPassword;
    }

    /** @return a client configuration that logs in as the admin */
    public JedisClientConfig clientConfig() {
        return DefaultJedisClientConfig.builder().user(adminUser()).password(adminPassword).build();
    }

    /**
     * @param node one of {@link #nodes()}
     * @return a plain connection to that node, as the admin
     */
    public Jedis connect(HostAndPort node) {
        return new Jedis(node, clientConfig());
    }

    /**
     * @param slot a hash slot
     * @return the primary that serves it
     */
    public HostAndPort nodeOf(int slot) {
        int per = SLOTS / nodes.size();
        return nodes.get(Math.min(slot / per, nodes.size() - 1));
    }

    /** @return the distinct primaries, for a test that asserts on all of them */
    public Set<HostAndPort> primaries() {
        return new HashSet<>(nodes);
    }

    /** Stops every node and deletes their files. */
    @Override
    public synchronized void close() {
        for (RedisServer server : servers) {
            try {
                if (server.isActive()) {
                    server.stop();
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("fahren-testing: stopping a Redis Cluster node failed: " + e.getMessage());
            }
        }
        Trees.deleteTree(base);
    }

    @Override
    public String toString() {
        return "Redis Cluster of " + nodes.size() + " primaries on " + nodes + " (" + base + ")";
    }
}
