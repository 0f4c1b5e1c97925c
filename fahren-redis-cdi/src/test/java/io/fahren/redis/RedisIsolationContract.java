package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.InvalidTenantIdException;
import io.fahren.NoTenantException;
import io.fahren.Tenants;
import io.fahren.UnknownTenantException;
import io.fahren.testing.RedisKeyspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;

/**
 * The seed project's Redis scenarios and what Fahren adds, run against a real Redis for each
 * strategy by a subclass.
 */
abstract class RedisIsolationContract {

    protected final String run = UUID.randomUUID().toString().substring(0, 6);
    protected RedisKeyspace keyspace;
    protected Redis redis;
    protected RedisManagement management;
    protected RedisTenants tenants;
    protected final List<UnifiedJedis> clients = new ArrayList<>();

    /** Opens the strategy under test on the keyspace. */
    protected abstract Redis open(RedisKeyspace keyspace, RedisOptions.Builder options) throws Exception;

    protected String a() {
        return "ra-" + run;
    }

    protected String b() {
        return "rb-" + run;
    }

    protected RedisConnection admin() {
        return RedisConnection.of(keyspace.uri(), keyspace.server().adminUser(), keyspace.server().adminPassword());
    }

    /** Options that keep this run's ACL users and registry apart from other runs on the same server. */
    protected RedisOptions.Builder options() {
        return RedisOptions.builder().aclUserPrefix("ft-" + run + "-").tenantsUser("fahren-tenants-" + run)
                .registryKey("fahren:tenants:" + run);
    }

    @BeforeEach
    void start(RedisKeyspace keyspace) throws Exception {
        this.keyspace = keyspace;
        redis = open(keyspace, options());
        management = redis.forManagement();
        tenants = redis.forTenants();
        management.createTenant(a());
        management.createTenant(b());
    }

    @AfterEach
    void stop() {
        clients.forEach(UnifiedJedis::close);
        for (var tenant : management.list()) {
            management.deleteTenant(tenant.id().value());
        }
        redis.close();
        try (Jedis jedis = keyspace.connect()) {
            jedis.aclList().stream().map(rule -> rule.split(" ")[1])
                    .filter(user -> user.startsWith("ft-" + run) || user.equals("fahren-tenants-" + run))
                    .forEach(jedis::aclDelUser);
        }
    }

    protected UnifiedJedis client(String tenant) {
        UnifiedJedis client = tenants.clientFor(tenant);
        clients.add(client);
        return client;
    }

    protected static void assertNoPerm(ThrowingCallable call) {
        assertThatThrownBy(call).hasMessageContaining("NOPERM");
    }

    @Test
    void aValueIsStoredUnderTheTenantsPrefix() {
        client(a()).set("greeting", "hello");
        try (Jedis admin = keyspace.connect()) {
            assertThat(admin.get("tenant:" + a() + ":greeting")).isEqualTo("hello");
            assertThat(admin.exists("greeting")).isFalse();
        }
    }

    @Test
    void tenantBReadsNullForTenantAsKeyEvenByItsFullName() {
        client(a()).set("secret", "a-only");
        UnifiedJedis asB = client(b());
        assertThat(asB.get("secret")).isNull();
        assertThat(asB.get("tenant:" + a() + ":secret")).isNull();
        assertThat(asB.exists("secret")).isFalse();
        assertThat(asB.del("secret")).isZero();
        assertThat(client(a()).get("secret")).isEqualTo("a-only");
    }

    @Test
    void keysScanRandomkeyAndDbsizeAreRefusedSoNoKeyNameLeaks() {
        client(a()).set("k", "v");
        UnifiedJedis asB = client(b());
        assertNoPerm(() -> asB.keys("*"));
        assertNoPerm(() -> asB.scan(ScanParams.SCAN_POINTER_START));
        assertNoPerm(asB::randomKey);
        assertNoPerm(asB::dbSize);
        assertNoPerm(() -> asB.sendCommand(Protocol.Command.PUBSUB, "CHANNELS"));
    }

    /**
     * What is shared server-wide (functions, the script cache, memory statistics, tracking of
     * every key) and the other logical databases, where no delete looks, are out of a tenant's
     * reach; on Redis 6.2 and 7. Each refusal must be of the command, not of a key.
     */
    @Test
    void serverWideStateAndOtherLogicalDatabasesAreOutOfReach() {
        UnifiedJedis asB = client(b());
        asB.set("own", "v");
        String own = "tenant:" + b() + ":own";
        String other = Integer.toString(keyspace.database() == 15 ? 14 : keyspace.database() + 1);
        String sha = "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"; // of "return 1"
        boolean redis7;
        try (Jedis admin = keyspace.connect()) {
            redis7 = !admin.info("server").contains("redis_version:6.");
        }
        List<ThrowingCallable> refused = new ArrayList<>(List.of(
                () -> asB.sendCommand(Protocol.Command.SELECT, other),
                () -> asB.sendCommand(Protocol.Command.MOVE, own, other),
                () -> asB.sendCommand(Protocol.Command.COPY, own, own + "2", "DB", other),
                () -> asB.sendCommand(Protocol.Command.SWAPDB, other, Integer.toString(keyspace.database())),
                () -> asB.sendCommand(Protocol.Command.MEMORY, "STATS"),
                () -> asB.sendCommand(Protocol.Command.MEMORY, "DOCTOR"),
                () -> asB.sendCommand(Protocol.Command.SCRIPT, "FLUSH"),
                () -> asB.sendCommand(Protocol.Command.SCRIPT, "EXISTS", sha),
                () -> asB.sendCommand(Protocol.Command.SCRIPT, "KILL"),
                () -> asB.sendCommand(Protocol.Command.INFO, "keyspace"),
                () -> asB.sendCommand(Protocol.Command.FLUSHDB),
                () -> asB.sendCommand(Protocol.Command.CLIENT, "LIST"),
                () -> asB.sendCommand(Protocol.Command.SLOWLOG, "GET"),
                () -> asB.sendCommand(Protocol.Command.CONFIG, "GET", "*")));
        if (redis7) {
            refused.addAll(List.of(
                    () -> asB.sendCommand(Protocol.Command.FUNCTION, "LIST", "WITHCODE"),
                    () -> asB.sendCommand(Protocol.Command.FUNCTION, "LOAD", "REPLACE",
                            "#!lua name=stolen\nredis.register_function('f', function() return 1 end)"),
                    () -> asB.sendCommand(Protocol.Command.FUNCTION, "FLUSH"),
                    () -> asB.sendCommand(Protocol.Command.CLIENT, "TRACKING", "ON", "BCAST")));
        }
        for (ThrowingCallable call : refused) {
            assertThatThrownBy(call).hasMessageContaining("NOPERM").hasMessageContaining("run the");
        }
        assertThat(asB.sendCommand(Protocol.Command.MEMORY, "USAGE", own)).isNotNull();
        assertThat(asB.get("own")).as("the connection is still in its own database").isEqualTo("v");
        try (Jedis admin = keyspace.connect()) {
            admin.select(Integer.parseInt(other));
            assertThat(admin.exists(own, own + "2")).isZero();
        }
    }

    @Test
    void deleteRemovesEveryTypeOfTheTenantsDataAndNothingElse() {
        for (String tenant : List.of(a(), b())) {
            UnifiedJedis client = client(tenant);
            client.set("string", "s");
            client.hset("hash", Map.of("f", "v"));
            client.rpush("list", "1", "2");
            client.sadd("set", "x");
            client.zadd("zset", 1.0, "m");
        }
        management.deleteTenant(a());
        try (Jedis admin = keyspace.connect()) {
            assertThat(admin.scan(ScanParams.SCAN_POINTER_START, new ScanParams().match("tenant:" + a() + ":*").count(1000))
                    .getResult()).isEmpty();
            assertThat(admin.exists("tenant:" + b() + ":string", "tenant:" + b() + ":hash", "tenant:" + b() + ":list",
                    "tenant:" + b() + ":set", "tenant:" + b() + ":zset")).isEqualTo(5);
        }
    }

    @Test
    void deletingATenantClosesItsClientsAndRefusesNewOnes() {
        UnifiedJedis asA = client(a());
        asA.set("k", "v");
        management.deleteTenant(a());
        assertThatThrownBy(() -> asA.get("k")).hasMessageContaining("tenant '" + a() + "'");
        assertThatThrownBy(() -> tenants.clientFor(a())).isInstanceOf(UnknownTenantException.class);
        assertThat(client(b()).set("still", "works")).isEqualTo("OK");
    }

    /**
     * Fault injection: {@code deleteTenant} while the tenant has a transaction open ({@code MULTI}
     * with a queued write), a pipeline with an unsent write, and two threads writing as fast as
     * they can. The delete completes; none of them can write afterwards (each fails with a Jedis
     * exception); and not one key of the tenant is left. Created again, the tenant works again.
     */
    @Test
    void deleteWithAnOpenTransactionAPipelineAndBusyWritersLeavesNoKeyAndNoneCanWriteAfterwards() throws Exception {
        UnifiedJedis forTx = client(a());
        redis.clients.jedis.AbstractTransaction tx = forTx.multi();
        tx.set("queued-in-multi", "v");
        UnifiedJedis forPipeline = client(a());
        redis.clients.jedis.AbstractPipeline pipeline = forPipeline.pipelined();
        pipeline.set("buffered-in-pipeline", "v");
        AtomicLong acknowledged = new AtomicLong();
        CountDownLatch writing = new CountDownLatch(2);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<Throwable>> ends = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int worker = w;
            UnifiedJedis writer = client(a());
            ends.add(writers.submit(() -> {
                try {
                    for (long n = 0;; n++) {
                        writer.set("w" + worker + "-" + n, "v");
                        acknowledged.incrementAndGet();
                        if (n == 10) {
                            writing.countDown();
                        }
                    }
                } catch (RuntimeException e) {
                    writing.countDown();
                    return e;
                }
            }));
        }
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        management.deleteTenant(a());

        for (Future<Throwable> end : ends) {
            assertThat(end.get(10, TimeUnit.SECONDS)).as("a writer stops with an exception")
                    .isInstanceOf(redis.clients.jedis.exceptions.JedisException.class);
        }
        writers.shutdown();
        assertThatThrownBy(tx::exec).as("EXEC of the transaction open during the delete")
                .isInstanceOf(redis.clients.jedis.exceptions.JedisException.class);
        assertThatThrownBy(pipeline::sync).as("the pipeline open during the delete")
                .isInstanceOf(redis.clients.jedis.exceptions.JedisException.class);
        List<String> left = new ArrayList<>();
        try (Jedis admin = keyspace.connect()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                var page = admin.scan(cursor, new ScanParams().match("tenant:" + a() + ":*").count(1000));
                left.addAll(page.getResult());
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        System.out.printf("%s: delete during writes: %d writes acknowledged before it, %d keys left%n",
                getClass().getSimpleName(), acknowledged.get(), left.size());
        assertThat(left).as("keys of the deleted tenant").isEmpty();
        assertThat(client(b()).set("still", "works")).isEqualTo("OK");
        management.createTenant(a()); // created again, it works again
        UnifiedJedis again = client(a());
        assertThat(again.get("queued-in-multi")).isNull();
        assertThat(again.set("k", "v")).isEqualTo("OK");
    }

    @Test
    void unknownAndInvalidTenantsFailClearly() {
        assertThatThrownBy(() -> tenants.clientFor("never-created-" + run)).isInstanceOf(UnknownTenantException.class)
                .hasMessageContaining("never-created-" + run);
        assertThatThrownBy(() -> tenants.clientFor("bad*id")).isInstanceOf(InvalidTenantIdException.class);
    }

    @Test
    void oneClientFollowingTheCurrentTenantIsSafeForConcurrentTenants() throws Exception {
        UnifiedJedis shared = tenants.currentTenantClient();
        clients.add(shared);
        assertThatThrownBy(() -> shared.get("k")).isInstanceOf(NoTenantException.class);
        List<String> ids = List.of(a(), b());
        Map<String, AtomicLong> counted = Map.of(a(), new AtomicLong(), b(), new AtomicLong());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        String tenant = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                        Tenants.runAs(tenant, () -> shared.incr("n"));
                        counted.get(tenant).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Jedis admin = keyspace.connect()) {
            for (String tenant : ids) {
                assertThat(Long.parseLong(admin.get("tenant:" + tenant + ":n"))).isEqualTo(counted.get(tenant).get());
            }
        }
    }

    @Test
    void pubSubChannelsAreIsolated() throws Exception {
        List<String> receivedByB = new CopyOnWriteArrayList<>();
        List<String> receivedByA = new CopyOnWriteArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(2);
        CountDownLatch aGotIt = new CountDownLatch(1);
        JedisPubSub bListener = new RecordingListener(receivedByB, subscribed, null);
        JedisPubSub aListener = new RecordingListener(receivedByA, subscribed, aGotIt);
        UnifiedJedis subA = client(a());
        UnifiedJedis subB = client(b());
        Thread tb = new Thread(() -> subB.subscribe(bListener, "news"));
        Thread ta = new Thread(() -> subA.subscribe(aListener, "news"));
        tb.start();
        ta.start();
        assertThat(subscribed.await(10, TimeUnit.SECONDS)).isTrue();
        client(a()).publish("news", "for a only");
        assertThat(aGotIt.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200); // give a wrongly delivered message time to arrive
        bListener.unsubscribe();
        aListener.unsubscribe();
        tb.join(10_000);
        ta.join(10_000);
        assertThat(receivedByA).containsExactly("for a only");
        assertThat(receivedByB).isEmpty();
    }

    @Test
    void deletingATenantWithOneHundredThousandKeysLeavesOthersUntouched() {
        String prefixA = "tenant:" + a() + ":";
        try (Jedis admin = keyspace.connect()) {
            Pipeline pipeline = admin.pipelined();
            for (int i = 0; i < 100_000; i++) {
                pipeline.set(prefixA + "k" + i, "v");
            }
            for (int i = 0; i < 1_000; i++) {
                pipeline.set("tenant:" + b() + ":k" + i, "v");
            }
            pipeline.sync();
        }
        try (Jedis admin = keyspace.connect()) {
            admin.configResetStat();
        }
        long started = System.nanoTime();
        management.deleteTenant(a());
        long millis = (System.nanoTime() - started) / 1_000_000;
        try (Jedis admin = keyspace.connect()) {
            long left = 0;
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match(prefixA + "*").count(10_000);
            do {
                var page = admin.scan(cursor, params);
                left += page.getResult().size();
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
            assertThat(left).isZero();
            Set<String> others = Set.copyOf(admin.scan(ScanParams.SCAN_POINTER_START,
                    new ScanParams().match("tenant:" + b() + ":*").count(100_000)).getResult());
            assertThat(others).hasSize(1_000);
            String commandStats = admin.info("commandstats");
            assertThat(commandStats).as("the delete never used KEYS").doesNotContain("cmdstat_keys:");
        }
        System.out.printf("%s: deleted a tenant with 100,000 keys in %d ms%n", getClass().getSimpleName(), millis);
    }
}
