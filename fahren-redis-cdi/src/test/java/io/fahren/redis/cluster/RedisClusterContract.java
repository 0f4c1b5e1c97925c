package io.fahren.redis.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.UnknownTenantException;
import io.fahren.redis.RecordingListener;
import io.fahren.redis.Redis;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisManagement;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.RedisTenants;
import io.fahren.testing.RedisClusterTestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Both Redis strategies on a real Redis Cluster of 3 primaries (one replica each), started from
 * the same Redis binaries as every other test: each tenant's keys share one slot, tenants are
 * spread over the primaries, one tenant cannot reach another's keys, multi-key commands,
 * {@code MULTI} and pipelines work per tenant, and a delete removes every key of the tenant from
 * the cluster and cuts what it had open.
 */
abstract class RedisClusterContract {

    protected static RedisClusterTestServer cluster;

    protected final String run = UUID.randomUUID().toString().substring(0, 6);
    protected Redis redis;
    protected RedisManagement management;
    protected RedisTenants tenants;
    protected final List<UnifiedJedis> clients = new ArrayList<>();
    /** Tenants of this run, at least one on each primary. */
    protected List<String> spread;

    /** Opens the strategy under test. */
    protected abstract Redis open(RedisConnection admin, RedisOptions.Builder options);

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterTestServer.startNew(3, 1);
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    protected static RedisConnection admin() {
        HostAndPort seed = cluster.nodes().get(0);
        return RedisConnection.of("redis://" + seed + "/0", cluster.adminUser(), cluster.adminPassword()).inCluster();
    }

    protected RedisOptions.Builder options() {
        return RedisOptions.builder().aclUserPrefix("fc-" + run + "-").tenantsUser("fc-tenants-" + run)
                .registryKey("fahren:tenants:" + run);
    }

    protected String a() {
        return spread.get(0);
    }

    protected String b() {
        return spread.get(1);
    }

    @BeforeEach
    void start() {
        redis = open(admin(), options());
        management = redis.forManagement();
        tenants = redis.forTenants();
        spread = spreadOverPrimaries();
        spread.forEach(management::createTenant);
    }

    /** @return tenant ids of this run whose slots lie on different primaries, a() and b() on different ones */
    private List<String> spreadOverPrimaries() {
        Map<HostAndPort, String> byPrimary = new java.util.LinkedHashMap<>();
        for (int i = 0; byPrimary.size() < cluster.nodes().size(); i++) {
            String id = "rc" + i + "-" + run;
            byPrimary.putIfAbsent(cluster.primaryOf(slotOf(id)), id);
        }
        return new ArrayList<>(byPrimary.values());
    }

    protected static int slotOf(String tenant) {
        return JedisClusterCRC16.getSlot("tenant:{" + tenant + "}:");
    }

    @AfterEach
    void stop() {
        clients.forEach(UnifiedJedis::close);
        for (var tenant : management.list()) {
            management.deleteTenant(tenant.id().value());
        }
        redis.close();
        for (HostAndPort node : allNodes()) {
            try (Jedis jedis = cluster.connect(node)) {
                jedis.aclList().stream().map(rule -> rule.split(" ")[1]).filter(user -> user.startsWith("fc-" + run))
                        .forEach(jedis::aclDelUser);
            } catch (JedisException stopped) {
                // a node a failover test stopped
            }
        }
    }

    protected static List<HostAndPort> allNodes() {
        List<HostAndPort> all = new ArrayList<>(cluster.nodes());
        all.addAll(cluster.replicas());
        return all;
    }

    protected UnifiedJedis client(String tenant) {
        UnifiedJedis client = tenants.clientFor(tenant);
        clients.add(client);
        return client;
    }

    protected static JedisCluster asAdmin() {
        return new JedisCluster(Set.copyOf(cluster.nodes()), cluster.clientConfig());
    }

    protected static void assertNoPerm(ThrowingCallable call) {
        assertThatThrownBy(call).hasMessageContaining("NOPERM");
    }

    /** Every key of each tenant, whatever braces its own name holds, lies in the tenant's slot. */
    @Test
    void eachTenantsKeysShareTheSlotOfItsHashTagAndTenantsSpreadOverThePrimaries() {
        for (String tenant : spread) {
            UnifiedJedis client = client(tenant);
            client.set("plain", tenant);
            client.set("{other}with-braces", tenant);
            client.hset("user:{42}:profile", "name", tenant);
        }
        Set<HostAndPort> primaries = new HashSet<>();
        try (JedisCluster admin = asAdmin()) {
            for (String tenant : spread) {
                String prefix = "tenant:{" + tenant + "}:";
                assertThat(admin.get(prefix + "plain")).isEqualTo(tenant);
                assertThat(admin.get(prefix + "{other}with-braces")).isEqualTo(tenant);
                assertThat(admin.hget(prefix + "user:{42}:profile", "name")).isEqualTo(tenant);
                for (String key : List.of("plain", "{other}with-braces", "user:{42}:profile")) {
                    assertThat(JedisClusterCRC16.getSlot(prefix + key)).as(key).isEqualTo(slotOf(tenant));
                }
                primaries.add(cluster.primaryOf(slotOf(tenant)));
            }
        }
        assertThat(primaries).as("the tenants live on every primary").hasSize(cluster.nodes().size());
    }

    @Test
    void tenantBCannotReadUpdateDeleteOrListTenantAsKeys() {
        client(a()).set("secret", "a-only");
        UnifiedJedis asB = client(b());
        assertThat(asB.get("secret")).isNull();
        assertThat(asB.get("tenant:{" + a() + "}:secret")).isNull();
        assertThat(asB.exists("secret")).isFalse();
        assertThat(asB.del("secret")).isZero();
        asB.set("secret", "b-own");
        assertNoPerm(() -> asB.keys("*"));
        assertNoPerm(() -> asB.scan(ScanParams.SCAN_POINTER_START));
        assertNoPerm(asB::randomKey);
        assertNoPerm(asB::dbSize);
        // the slot map is readable (clients need it); changing the cluster is not
        assertThat(asB.sendCommand(Protocol.Command.CLUSTER, "SLOTS")).isNotNull();
        assertNoPerm(() -> asB.sendCommand(Protocol.Command.CLUSTER, "NODES"));
        assertNoPerm(() -> asB.sendCommand(Protocol.Command.CLUSTER, "RESET"));
        assertNoPerm(() -> asB.sendCommand(Protocol.Command.CLUSTER, "FORGET", "0123456789"));
        assertNoPerm(() -> asB.sendCommand(Protocol.Command.CLUSTER, "GETKEYSINSLOT", Integer.toString(slotOf(a())), "10"));
        assertThat(client(a()).get("secret")).isEqualTo("a-only");
    }

    @Test
    void multiKeyCommandsTransactionsAndPipelinesWorkPerTenant() {
        UnifiedJedis asA = client(a());
        asA.mset("x", "1", "y", "2");
        assertThat(asA.mget("x", "y")).containsExactly("1", "2");
        asA.sadd("s1", "p", "q");
        asA.sadd("s2", "q", "r");
        assertThat(asA.sunionstore("s3", "s1", "s2")).isEqualTo(3);
        asA.rename("x", "x2");
        assertThat(asA.get("x2")).isEqualTo("1");

        AbstractTransaction tx = asA.multi();
        tx.incr("counter");
        tx.lpush("list", "one");
        Response<Long> incremented = tx.incr("counter");
        tx.exec();
        tx.close();
        assertThat(incremented.get()).isEqualTo(2);

        try (AbstractPipeline pipeline = asA.pipelined()) {
            Response<String> set = pipeline.set("piped", "yes");
            Response<String> got = pipeline.get("piped");
            pipeline.sync();
            assertThat(set.get()).isEqualTo("OK");
            assertThat(got.get()).isEqualTo("yes");
        }
        assertThat(client(b()).mget("x2", "piped", "counter")).containsOnlyNulls();
    }

    @Test
    void deleteRemovesEveryKeyOfTheTenantFromTheClusterAndNothingElse() {
        UnifiedJedis asA = client(a());
        UnifiedJedis asB = client(b());
        try (AbstractPipeline pipeline = asA.pipelined()) {
            IntStream.range(0, 2_000).forEach(i -> pipeline.set("k" + i, "v"));
            pipeline.sync();
        }
        asA.hset("hash", "f", "v");
        asA.zadd("zset", 1, "m");
        asB.set("keep", "b");

        management.deleteTenant(a());

        for (HostAndPort primary : cluster.nodes()) {
            try (Jedis node = cluster.connect(primary)) {
                if (!node.info("replication").contains("role:master")) {
                    continue;
                }
                assertThat(node.scan(ScanParams.SCAN_POINTER_START, new ScanParams().match("tenant:{" + a() + "}:*")
                        .count(10_000)).getResult()).as("keys of the deleted tenant on " + primary).isEmpty();
            }
        }
        assertThat(asB.get("keep")).isEqualTo("b");
        assertThatThrownBy(() -> asA.get("k1")).hasMessageContaining("tenant '" + a() + "'");
        assertThatThrownBy(() -> tenants.clientFor(a())).isInstanceOf(UnknownTenantException.class);
    }

    /**
     * A transaction ({@code MULTI} with a queued write) and a pipeline with an unsent write are
     * open on the tenant's primary while it is deleted: neither can write afterwards, and no key
     * of the tenant is left.
     */
    @Test
    void deleteCutsAnOpenTransactionAndPipelineOnTheTenantsPrimary() {
        AbstractTransaction tx = client(a()).multi();
        tx.set("queued-in-multi", "v");
        AbstractPipeline pipeline = client(a()).pipelined();
        pipeline.set("buffered-in-pipeline", "v");

        management.deleteTenant(a());

        assertThatThrownBy(tx::exec).isInstanceOf(JedisException.class);
        assertThatThrownBy(pipeline::sync).isInstanceOf(JedisException.class);
        try (JedisCluster admin = asAdmin()) {
            assertThat(admin.exists("tenant:{" + a() + "}:queued-in-multi")).isFalse();
            assertThat(admin.exists("tenant:{" + a() + "}:buffered-in-pipeline")).isFalse();
        }
    }

    @Test
    void theCurrentTenantClientFollowsEachTenantToItsOwnPrimary() throws Exception {
        UnifiedJedis current = tenants.currentTenantClient();
        clients.add(current);
        for (String tenant : spread) {
            io.fahren.Tenants.runAs(tenant, () -> current.set("who", tenant));
        }
        for (String tenant : spread) {
            assertThat(io.fahren.Tenants.callAs(tenant, () -> current.get("who"))).isEqualTo(tenant);
        }
    }

    /**
     * Whether the strategy's users may {@code PSUBSCRIBE}: Redis allows a pattern only when it
     * equals one of the user's channel patterns, which a tenant's own user has
     * ({@code tenant:{id}:*}) and the shared user of prefix isolation has not (its pattern is
     * {@code tenant:*}).
     */
    protected abstract boolean patternSubscriptions();

    /**
     * A published message reaches every node of the cluster (Redis broadcasts it on the cluster
     * bus); tenant B, subscribed on its own primary to the same channel name (and, where its user
     * may, to every pattern), still receives nothing of tenant A's.
     */
    @Test
    void pubSubIsIsolatedAcrossTheClusterBus() throws Exception {
        List<String> receivedByA = new CopyOnWriteArrayList<>();
        List<String> receivedByB = new CopyOnWriteArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(patternSubscriptions() ? 3 : 2);
        CountDownLatch aGotIt = new CountDownLatch(1);
        JedisPubSub aListener = new RecordingListener(receivedByA, subscribed, aGotIt);
        JedisPubSub bListener = new RecordingListener(receivedByB, subscribed, null);
        JedisPubSub bPatterns = new RecordingListener(receivedByB, subscribed, null);
        UnifiedJedis subA = client(a());
        UnifiedJedis subB = client(b());
        UnifiedJedis subBPatterns = client(b());
        List<Thread> threads = new ArrayList<>(List.of(new Thread(() -> subA.subscribe(aListener, "news")),
                new Thread(() -> subB.subscribe(bListener, "news"))));
        if (patternSubscriptions()) {
            threads.add(new Thread(() -> subBPatterns.psubscribe(bPatterns, "*")));
        } else {
            assertThatThrownBy(() -> subBPatterns.psubscribe(bPatterns, "*")).hasMessageContaining("NOPERM");
        }
        threads.forEach(Thread::start);
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(cluster.primaryOf(slotOf(a()))).as("a() and b() on different primaries")
                .isNotEqualTo(cluster.primaryOf(slotOf(b())));

        client(a()).publish("news", "for a only");

        assertThat(aGotIt.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200); // time for a wrongly delivered message to arrive
        aListener.unsubscribe();
        bListener.unsubscribe();
        if (patternSubscriptions()) {
            bPatterns.punsubscribe();
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(receivedByA).containsExactly("for a only");
        assertThat(receivedByB).isEmpty();
    }

    @Test
    void aClusterNodeWithoutTheClusterSettingAndAClusterSettingWithADatabaseAreRefused() {
        HostAndPort seed = cluster.nodes().get(0);
        RedisConnection plain = RedisConnection.of("redis://" + seed + "/0", cluster.adminUser(), cluster.adminPassword());
        try (Redis wrong = open(plain, options().registryKey("fahren:wrong:" + run))) {
            assertThatThrownBy(() -> wrong.forManagement().createTenant("wrong-" + run))
                    .hasStackTraceContaining("is a Redis Cluster node: set fahren.redis.cluster=true");
        }
        assertThatThrownBy(() -> RedisConnection.of("redis://" + seed + "/3").inCluster())
                .isInstanceOf(FahrenConfigurationException.class).hasMessageContaining("only database 0");
    }
}
