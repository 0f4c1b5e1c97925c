package io.fahren.testing;

import io.fahren.testing.impl.Ports;
import io.fahren.testing.impl.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis Cluster on loopback: primaries (and replicas, if asked) started from the same Redis binaries as
 * {@link RedisTestServer} (embedded-redis 6.2, or the {@code redis-server} named by
 * {@code FAHREN_TEST_REDIS_SERVER}), each with cluster mode on, an append-only file and the same ACL
 * file (a locked {@code default} user and one admin). The 16384 slots are split evenly; the nodes
 * meet; {@link #startNew(int, int)} returns once every node reports {@code cluster_state:ok} and
 * every replica is in sync. {@link #stopNode} stops a node as a crash would, for failover tests.
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

    /** Every node's process, primaries first, by address. */
    private final Map<HostAndPort, RedisServer> servers = new LinkedHashMap<>();
    private final List<HostAndPort> nodes;
    private final List<HostAndPort> replicas = new ArrayList<>();
    private final Path base;
    private final String adminPassword;

    private RedisClusterTestServer(List<HostAndPort> nodes, Path base, String adminPassword) {
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
        return startNew(primaries, 0);
    }

    /**
     * @param primaries how many primaries (at least 3, as Redis Cluster wants)
     * @param replicasPerPrimary how many replicas each primary gets (1 for a failover test)
     * @return the started, formed cluster, every replica in sync with its primary; it stops and its
     *         files are deleted when closed or at JVM exit
     * @throws IllegalStateException when the cluster does not form within 30 seconds
     */
    public static RedisClusterTestServer startNew(int primaries, int replicasPerPrimary) {
        if (primaries < 3 || replicasPerPrimary < 0) {
            throw new IllegalArgumentException("A Redis Cluster needs at least 3 primaries and no negative number of "
                    + "replicas, not " + primaries + " and " + replicasPerPrimary);
        }
        RedisClusterTestServer cluster = null;
        try {
            Path base = Files.createTempDirectory("fahren-redis-cluster-");
            Path aclFile = base.resolve("users.acl");
            String password = EmbeddedRedisServer.writeAcl(aclFile);
            cluster = new RedisClusterTestServer(new ArrayList<>(), base, password);
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "fahren-redis-cluster-shutdown"));
            for (int i = 0; i < primaries; i++) {
                cluster.nodes.add(cluster.startNode(aclFile));
            }
            for (int i = 0; i < primaries * replicasPerPrimary; i++) {
                cluster.replicas.add(cluster.startNode(aclFile));
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

    private HostAndPort startNode(Path aclFile) throws IOException {
        int port = Ports.free();
        Path dir = Files.createDirectory(base.resolve("node-" + port));
        // ACL users are per node: each node keeps its own aclfile, as on separate hosts
        Path ownAcl = Files.copy(aclFile, dir.resolve("users.acl"));
        RedisServerBuilder builder = RedisServer.newRedisServer();
        Path executable = TestServers.systemRedis();
        if (executable != null) {
            builder.executableProvider(executable::toFile);
        }
        RedisServer server = EmbeddedRedisServer.durable(builder, port, dir, ownAcl)
                .setting("cluster-enabled yes").setting("cluster-config-file nodes.conf")
                .setting("cluster-node-timeout 2000")
                // the replicas log in to their primaries as the admin ('default' is off)
                .setting("masteruser " + EmbeddedRedisServer.ADMIN_USER).setting("masterauth " + adminPassword)
                .build();
        HostAndPort node = new HostAndPort("127.0.0.1", port);
        servers.put(node, server);
        server.start();
        return node;
    }

    /**
     * Gives each primary its share of the slots, makes every node meet the first, then makes each
     * replica follow its primary, and waits for the cluster.
     */
    private void form() {
        int per = SLOTS / nodes.size();
        for (int i = 0; i < nodes.size(); i++) {
            int from = i * per;
            int to = i == nodes.size() - 1 ? SLOTS : from + per;
            try (Jedis node = connect(nodes.get(i))) {
                node.clusterAddSlots(IntStream.range(from, to).toArray());
            }
        }
        HostAndPort first = nodes.get(0);
        for (HostAndPort node : servers.keySet()) {
            if (!node.equals(first)) {
                try (Jedis jedis = connect(node)) {
                    jedis.clusterMeet(first.getHost(), first.getPort());
                }
            }
        }
        await(() -> everyNode(info -> info.contains("cluster_known_nodes:" + servers.size())), "meet");
        for (int i = 0; i < replicas.size(); i++) {
            String primaryId;
            try (Jedis primary = connect(nodes.get(i % nodes.size()))) {
                primaryId = primary.clusterMyId();
            }
            try (Jedis replica = connect(replicas.get(i))) {
                replica.clusterReplicate(primaryId);
            }
        }
        await(() -> everyNode(info -> info.contains("cluster_state:ok")) && replicasInSync() && rolesKnownEverywhere(),
                "reach cluster_state:ok");
    }

    /**
     * Starts one more node and makes it join the cluster as a replica of {@code primary}, as an
     * operator adds a node: it knows only the users of the original aclfile (the admin), not the
     * ACL users created on the other nodes since.
     *
     * @param primary one of the primaries
     * @return the new replica, in sync with its primary; also listed by {@link #replicas()} from now on
     * @throws IllegalStateException when it does not join within 30 seconds
     */
    public synchronized HostAndPort addReplica(HostAndPort primary) {
        HostAndPort node;
        try {
            node = startNode(base.resolve("users.acl"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start another Redis Cluster node", e);
        }
        replicas.add(node);
        HostAndPort first = nodes.get(0);
        try (Jedis jedis = connect(node)) {
            jedis.clusterMeet(first.getHost(), first.getPort());
        }
        await(() -> everyNode(info -> info.contains("cluster_known_nodes:" + servers.size())), "meet " + node);
        String primaryId;
        try (Jedis jedis = connect(primary)) {
            primaryId = jedis.clusterMyId();
        }
        try (Jedis jedis = connect(node)) {
            jedis.clusterReplicate(primaryId);
        }
        await(() -> everyNode(info -> info.contains("cluster_state:ok")) && replicasInSync() && rolesKnownEverywhere(),
                "take on " + node);
        return node;
    }

    private boolean everyNode(Predicate<String> clusterInfo) {
        for (HostAndPort node : servers.keySet()) {
            if (servers.get(node).isActive()) {
                try (Jedis jedis = connect(node)) {
                    if (!clusterInfo.test(jedis.clusterInfo())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** @return whether every node has heard (by gossip) that each replica is one, as clients ask any node */
    private boolean rolesKnownEverywhere() {
        for (HostAndPort node : servers.keySet()) {
            if (servers.get(node).isActive()) {
                try (Jedis jedis = connect(node)) {
                    long known = jedis.clusterNodes().lines().filter(line -> line.split(" ")[2].contains("slave")).count();
                    if (known != replicas.size()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean replicasInSync() {
        for (HostAndPort replica : replicas) {
            try (Jedis jedis = connect(replica)) {
                if (!jedis.info("replication").contains("master_link_status:up")) {
                    return false;
                }
            }
        }
        return true;
    }

    private void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + FORMING.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The Redis Cluster on " + servers.keySet() + " did not " + what + " in "
                        + FORMING.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the Redis Cluster was to " + what, e);
            }
        }
    }

    /**
     * Stops a node's process, as a crash would (its files stay), and waits until the live nodes
     * serve every slot again: a replica of a stopped primary has taken over.
     *
     * @param node one of {@link #nodes()} or {@link #replicas()}
     * @throws IllegalStateException when the cluster is not whole again within 30 seconds (a
     *         primary without a replica cannot be replaced)
     */
    public void stopNode(HostAndPort node) {
        try {
            servers.get(node).stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the Redis Cluster node " + node, e);
        }
        // the live nodes notice the failure only after cluster-node-timeout: wait until none names it
        await(() -> everyNode(info -> info.contains("cluster_state:ok")) && !serves(node),
                "serve every slot without " + node);
    }

    /** @return whether a live node reports {@code node} as the primary of some slots */
    private boolean serves(HostAndPort node) {
        for (int slot : firstSlots()) {
            if (primaryOf(slot).equals(node)) {
                return true;
            }
        }
        return false;
    }

    /** @return the first slot of each primary's share, as {@link #form()} assigned them */
    private int[] firstSlots() {
        int per = SLOTS / nodes.size();
        return IntStream.range(0, nodes.size()).map(i -> i * per).toArray();
    }

    /**
     * @param slot a hash slot
     * @return the primary serving it now, as the live nodes report it ({@code CLUSTER SLOTS})
     */
    public HostAndPort primaryOf(int slot) {
        for (HostAndPort node : servers.keySet()) {
            if (!servers.get(node).isActive()) {
                continue;
            }
            try (Jedis jedis = connect(node)) {
                for (Object range : jedis.clusterSlots()) {
                    List<?> fields = (List<?>) range;
                    if ((Long) fields.get(0) <= slot && slot <= (Long) fields.get(1)) {
                        List<?> primary = (List<?>) fields.get(2);
                        return new HostAndPort(new String((byte[]) primary.get(0), StandardCharsets.UTF_8),
                                ((Long) primary.get(1)).intValue());
                    }
                }
            }
        }
        throw new IllegalStateException("No live node of " + this + " serves slot " + slot);
    }

    /** @return the primaries' addresses as started, in start order (a failover changes who is primary) */
    public List<HostAndPort> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /**
     * @return the replicas' addresses, in start order; of those {@link #startNew} started, the i-th
     *         follows primary i modulo their number
     */
    public List<HostAndPort> replicas() {
        return Collections.unmodifiableList(replicas);
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


    /** Stops every node and deletes their files. */
    @Override
    public synchronized void close() {
        for (RedisServer server : servers.values()) {
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
        return "Redis Cluster of " + nodes.size() + " primaries on " + nodes + " and " + replicas.size() + " replicas ("
                + base + ")";
    }
}
