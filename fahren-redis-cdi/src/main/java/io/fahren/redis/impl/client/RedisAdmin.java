package io.fahren.redis.impl.client;

import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisEngine;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.impl.rules.AclRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClusterInfoCache;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The management login: a small pool, and the administrative commands Fahren runs with it.
 *
 * <p>On a Redis Cluster ({@link RedisConnection#cluster()}) it also knows the cluster's nodes:
 * ACL changes go to {@linkplain #everyNode every node} (ACL users are per node) as the seed's
 * {@code CLUSTER NODES} lists them, a tenant's keys are deleted on {@linkplain #unlinkAll every
 * primary}, and a command on one key goes to {@linkplain #callForKey the node of its slot}, found
 * with Jedis's own slot map ({@link JedisClusterInfoCache}).
 */
public final class RedisAdmin implements RedisEngine.Admin {

    private static final Logger LOG = Logger.getLogger(RedisAdmin.class.getName());

    private final RedisConnection connection;
    private final ConnectionPool pool;
    /** The cluster's slots, for commands on one key; null for a single server. */
    private final JedisClusterInfoCache cluster;
    /** A small pool per cluster node, by address, for what runs on every node. */
    private final Map<String, ConnectionPool> nodePools = new ConcurrentHashMap<>();
    private volatile AclRules.ServerFacts facts;

    /**
     * @param connection the management login (needs ACL, CONFIG GET, SCAN and UNLINK; in a cluster
     *        also CLUSTER SLOTS and CLUSTER NODES)
     */
    public RedisAdmin(RedisConnection connection) {
        this.connection = connection;
        this.pool = pool(connection, 4, true);
        this.cluster = connection.cluster()
                ? new JedisClusterInfoCache(connection.clientConfig(), poolConfig(4, true), Set.of(connection.hostAndPort()))
                : null;
    }

    /**
     * @param connection a login
     * @param size most connections
     * @return a pool that opens connections lazily and, like {@code JedisPooled}, checks idle ones in
     *         the background rather than with a PING on every borrow (which doubled the round trips)
     */
    public static ConnectionPool pool(RedisConnection connection, int size) {
        return pool(connection, size, false);
    }

    /**
     * @param testOnBorrow whether a borrowed connection is checked with a PING first: for the
     *        management pool, whose calls are rare and must not fail on a connection the server
     *        dropped (a restart, {@code ACL LOAD}) while it sat idle
     */
    private static ConnectionPool pool(RedisConnection connection, int size, boolean testOnBorrow) {
        return new ConnectionPool(connection.hostAndPort(), connection.clientConfig(), poolConfig(size, testOnBorrow));
    }

    /**
     * @param size most connections, all of which may stay idle; none are opened ahead
     * @param testOnBorrow whether a borrowed connection is checked with a PING first
     * @return the configuration of every pool Fahren opens
     */
    public static GenericObjectPoolConfig<Connection> poolConfig(int size, boolean testOnBorrow) {
        GenericObjectPoolConfig<Connection> config = new ConnectionPoolConfig();
        config.setTestOnBorrow(testOnBorrow);
        config.setMaxTotal(size);
        config.setMaxIdle(size);
        config.setMinIdle(0);
        config.setJmxEnabled(false);
        return config;
    }

    /**
     * @return the logical database and major version of the server, read once; they shape the
     *         ACL rules (Redis 7 has server-wide functions to deny)
     */
    public AclRules.ServerFacts serverFacts() {
        AclRules.ServerFacts known = facts;
        if (known == null) {
            String info = call("INFO server", jedis -> jedis.info("server"));
            Matcher version = Pattern.compile("redis_version:(\\d+)\\.").matcher(info);
            if (!version.find()) {
                throw new FahrenException("Redis at " + connection.url() + " did not report its version in INFO server");
            }
            boolean clusterEnabled = call("INFO cluster", jedis -> jedis.info("cluster")).contains("cluster_enabled:1");
            if (clusterEnabled != connection.cluster()) {
                throw clusterEnabled ? clusterNodeNotConfigured(null)
                        : new FahrenConfigurationException("fahren.redis.cluster=true, but Redis at " + connection.url()
                                + " is not a cluster node (cluster_enabled:0): remove the setting, or point "
                                + "fahren.redis.url at a cluster node.");
            }
            known = new AclRules.ServerFacts(connection.database(), Integer.parseInt(version.group(1)), clusterEnabled);
            facts = known;
        }
        return known;
    }

    /** @return the management login */
    @Override
    public RedisConnection connection() {
        return connection;
    }

    /**
     * Runs admin work on a pooled connection: to the configured server, or in a cluster to the
     * seed, and when the seed does not answer, to another node this process has reached before
     * (what this work reads or sets is the same on every node: ACL users, server facts).
     *
     * @param what the work, for the error message
     * @param work the work
     * @param <T> the result type
     * @return the work's result
     * @throws FahrenException naming the work and the server when Redis fails
     */
    @Override
    public <T> T call(String what, Function<Jedis, T> work) {
        try {
            return call(pool, connection.toString(), what, work);
        } catch (FahrenException e) {
            if (cluster == null && e.getCause() instanceof JedisMovedDataException) {
                throw clusterNodeNotConfigured(e);
            }
            if (cluster == null || !(e.getCause() instanceof JedisConnectionException)) {
                throw e;
            }
            String seed = connection.hostAndPort().toString();
            for (Map.Entry<String, ConnectionPool> other : nodePools.entrySet()) {
                if (other.getKey().equals(seed)) {
                    continue;
                }
                try {
                    return call(other.getValue(), "node " + other.getKey() + " of " + connection, what, work);
                } catch (FahrenException next) {
                    e.addSuppressed(next);
                }
            }
            throw e;
        }
    }

    /** A {@code MOVED} reply, or {@code cluster_enabled:1}, from a server not configured as a cluster node. */
    private FahrenConfigurationException clusterNodeNotConfigured(Exception cause) {
        FahrenConfigurationException e = new FahrenConfigurationException("Redis at " + connection.url()
                + " is a Redis Cluster node: set fahren.redis.cluster=true (RedisConnection.inCluster()), so that each "
                + "tenant's keys share one slot and ACL users are created on every node.");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static <T> T call(ConnectionPool on, String node, String what, Function<Jedis, T> work) {
        try (Jedis jedis = new Jedis(on.getResource())) {
            return work.apply(jedis);
        } catch (JedisException e) {
            throw new FahrenException("Redis " + what + " failed on " + node + ": " + e.getMessage(), e);
        }
    }

    /**
     * On a single server the same as {@link #call}; in a cluster, runs on the primary that serves
     * the key's slot, reading the slot map again once when the slot has moved.
     */
    @Override
    public <T> T callForKey(String key, String what, Function<Jedis, T> work) {
        if (cluster == null) {
            return call(what, work);
        }
        int slot = JedisClusterCRC16.getSlot(key);
        try {
            return onSlot(slot, what, work);
        } catch (FahrenException e) {
            if (!(e.getCause() instanceof JedisMovedDataException) && !(e.getCause() instanceof JedisConnectionException)) {
                throw e;
            }
            renew();
            return onSlot(slot, what, work);
        }
    }

    private <T> T onSlot(int slot, String what, Function<Jedis, T> work) {
        ConnectionPool owner = cluster.getSlotPool(slot);
        if (owner == null) {
            renew();
            owner = cluster.getSlotPool(slot);
        }
        if (owner == null) {
            throw new FahrenException("Redis Cluster at " + connection.url() + " has no node serving slot " + slot
                    + " (CLUSTER SLOTS): add the slot to a node, or wait for the failover to end.");
        }
        return call(owner, "the node of slot " + slot + " of " + connection, what, work);
    }

    /**
     * Runs work on every node: the one server, or every primary and replica of the cluster (as the
     * seed's {@code CLUSTER NODES} names them now, nodes without slots included), for what each
     * node keeps apart (its ACL users). Tries every node before it fails. A node the cluster has
     * marked failed is skipped with a warning: it gets the change when {@link #reconcileAcl} runs
     * after it returns.
     *
     * @param what the work, for the error message
     * @param work the work
     * @throws FahrenException naming each node that failed
     */
    public void everyNode(String what, Function<Jedis, ?> work) {
        onEach(nodes(what), what, work);
    }

    private void onEach(Map<String, ConnectionPool> nodes, String what, Function<Jedis, ?> work) {
        FahrenException failed = null;
        for (Map.Entry<String, ConnectionPool> node : nodes.entrySet()) {
            try {
                call(node.getValue(), "node " + node.getKey() + " of " + connection, what, work);
            } catch (FahrenException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * @param what the work about to run on them, for the warning about failed nodes
     * @return the seed alone for a single server; else the cluster's live nodes by address, read
     *         from {@code CLUSTER NODES} of the seed (or, when it is down, of another node known)
     */
    private Map<String, ConnectionPool> nodes(String what) {
        if (cluster == null) {
            return Map.of(connection.hostAndPort().toString(), pool);
        }
        Map<String, ConnectionPool> nodes = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        for (String line : clusterNodes().split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 8) {
                continue;
            }
            String address = fields[1].split("[@,]")[0];
            List<String> flags = List.of(fields[2].split(","));
            if (flags.contains("fail") || flags.contains("noaddr") || flags.contains("handshake")) {
                failed.add(address);
            } else {
                nodes.put(address, nodePools.computeIfAbsent(address,
                        at -> pool(connection.at(HostAndPort.from(at)), 2, true)));
            }
        }
        if (!failed.isEmpty()) {
            LOG.warning("Redis Cluster of " + connection.url() + ": node(s) " + failed + " are marked failed, so '" + what
                    + "' skips them. When they return, run Redis.reconcileCluster() so their ACL users match the rest.");
        }
        return nodes;
    }

    /** @return {@code CLUSTER NODES}, from the seed or, when it is down, from another node known */
    private String clusterNodes() {
        return call("CLUSTER NODES", Jedis::clusterNodes);
    }

    /**
     * Makes the ACL users Fahren manages the same on every node as on the seed: a user the seed
     * has and another node lacks or has with other rules (a node that joined, or returned after
     * missing a change) is set there with the seed's rules and password hash; a Fahren user the
     * seed does not have is deleted there. Users that are not Fahren's are left alone.
     *
     * @param fahrens whether a user name is one Fahren manages
     * @return how many users were created, changed or deleted on other nodes
     */
    @Override
    public int reconcileAcl(Predicate<String> fahrens) {
        Map<String, Set<String>> reference = fahrenUsers(call("ACL LIST", Jedis::aclList), fahrens);
        boolean persistent = checkAclPersistence(false);
        String seed = connection.hostAndPort().toString();
        int changed = 0;
        for (Map.Entry<String, ConnectionPool> node : nodes("reconciling ACL users").entrySet()) {
            if (node.getKey().equals(seed)) {
                continue;
            }
            changed += call(node.getValue(), "node " + node.getKey() + " of " + connection, "reconciling ACL users",
                    jedis -> {
                        Map<String, Set<String>> there = fahrenUsers(jedis.aclList(), fahrens);
                        int done = 0;
                        for (Map.Entry<String, Set<String>> user : reference.entrySet()) {
                            if (!user.getValue().equals(there.get(user.getKey()))) {
                                List<String> rules = new ArrayList<>(List.of("reset"));
                                rules.addAll(user.getValue());
                                jedis.aclSetUser(user.getKey(), rules.toArray(String[]::new));
                                done++;
                            }
                        }
                        for (String stale : there.keySet()) {
                            if (!reference.containsKey(stale)) {
                                jedis.aclDelUser(stale);
                                done++;
                            }
                        }
                        if (done > 0 && persistent) {
                            jedis.aclSave();
                        }
                        return done;
                    });
        }
        return changed;
    }

    /** @return each Fahren user of an {@code ACL LIST} with its rules, as a set (nodes list them in different orders) */
    private static Map<String, Set<String>> fahrenUsers(List<String> aclList, Predicate<String> fahrens) {
        Map<String, Set<String>> users = new TreeMap<>();
        for (String line : aclList) {
            String[] tokens = line.split(" ");
            if (tokens.length > 2 && fahrens.test(tokens[1])) {
                users.put(tokens[1], new java.util.LinkedHashSet<>(List.of(tokens).subList(2, tokens.length)));
            }
        }
        return users;
    }

    private void renew() {
        try (Connection seed = pool.getResource()) {
            cluster.discoverClusterNodesAndSlots(seed);
        } catch (JedisException seedDown) {
            try {
                cluster.renewClusterSlots(null); // from any node known before
            } catch (JedisException e) {
                e.addSuppressed(seedDown);
                throw new FahrenException("Reading the slot map of Redis Cluster at " + connection.url() + " failed: "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Refuses to change ACL users that a restart would lose.
     *
     * @param requirePersistence whether to refuse when there is no aclfile
     * @return whether the server (in a cluster: every node) has an aclfile (so {@code ACL SAVE} works)
     * @throws FahrenConfigurationException when it has none and persistence is required
     */
    @Override
    public boolean checkAclPersistence(boolean requirePersistence) {
        List<String> without = new ArrayList<>();
        for (Map.Entry<String, ConnectionPool> node : nodes("CONFIG GET aclfile").entrySet()) {
            Map<String, String> config = call(node.getValue(), "node " + node.getKey() + " of " + connection,
                    "CONFIG GET aclfile", jedis -> jedis.configGet("aclfile"));
            if (config.getOrDefault("aclfile", "").isBlank()) {
                without.add(node.getKey());
            }
        }
        boolean persistent = without.isEmpty();
        if (!persistent && requirePersistence) {
            throw new FahrenConfigurationException("Redis at " + (cluster == null ? connection.url()
                    : String.join(", ", without) + " (of the cluster of " + connection.url() + ")")
                    + " has no aclfile, so the ACL users "
                    + "Fahren creates would be lost on restart. Start Redis with --aclfile <path>, or set "
                    + "fahren.redis.acl.require-persistence=false (RedisOptions.requirePersistence(false)) to accept that.");
        }
        return persistent;
    }

    /**
     * Deletes every key matching the pattern with {@code SCAN MATCH} and {@code UNLINK} in batches;
     * never {@code KEYS}. In a cluster, on every primary: a tenant's keys share one slot, but a
     * slot being migrated has keys on two nodes.
     *
     * @param match a glob of the tenant's key space, such as {@code tenant:acme:*}
     * @param batch keys per {@code UNLINK}
     * @return how many keys were removed
     */
    public long unlinkAll(String match, int batch) {
        long removed = 0;
        for (Map.Entry<String, ConnectionPool> node : nodes("deleting " + match).entrySet()) {
            // the roles the seed last heard of may be out of date (a failover, a new replica): each
            // node says itself whether it is a primary; a replica's copies go with its primary's
            removed += call(node.getValue(), "node " + node.getKey() + " of " + connection, "deleting " + match,
                    jedis -> cluster != null && !jedis.info("replication").contains("role:master") ? 0L
                            : unlinkAll(jedis, match, batch));
        }
        return removed;
    }

    private static long unlinkAll(Jedis jedis, String match, int batch) {
        long removed = 0;
        ScanParams params = new ScanParams().match(match).count(batch);
        String cursor = ScanParams.SCAN_POINTER_START;
        List<String> pending = new ArrayList<>();
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            pending.addAll(page.getResult());
            if (pending.size() >= batch) {
                removed += jedis.unlink(pending.toArray(String[]::new));
                pending.clear();
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        if (!pending.isEmpty()) {
            removed += jedis.unlink(pending.toArray(String[]::new));
        }
        return removed;
    }

    @Override
    public void grantRegistryReader(RedisOptions options) {
        boolean persistent = checkAclPersistence(options.requirePersistence());
        String[] rules = AclRules.registryReader(options.registryReaderPassword(), options.registryKey(), serverFacts());
        everyNode("ACL SETUSER " + options.registryReader(), jedis -> {
            jedis.aclSetUser(options.registryReader(), rules);
            return persistent ? jedis.aclSave() : null;
        });
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
        nodePools.values().forEach(ConnectionPool::close);
        pool.close();
    }
}
