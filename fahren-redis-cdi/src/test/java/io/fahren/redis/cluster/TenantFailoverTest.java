package io.fahren.redis.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.redis.Redis;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisManagement;
import io.fahren.redis.RedisOptions;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.RedisClusterTestServer;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The primary serving a tenant's slot crashes while the tenant writes, on a real Redis Cluster of 3
 * primaries with a replica each (a new cluster per strategy, as the test stops a node).
 *
 * <ul>
 *   <li>No acknowledged write is lost: a write counts as acknowledged when {@code WAIT 1} on the
 *       same connection reported a replica had it, which is what Redis promises to keep through a
 *       failover (plain writes are replicated asynchronously and may be lost; Redis says so).</li>
 *   <li>A failover costs single commands a wait, not an error: the client follows the slot to the
 *       promoted replica within its retry window.</li>
 * </ul>
 */
class TenantFailoverTest {

    private static final String PASSWORD = "shared-tenants-password-for-failover-0123456789";

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private RedisClusterTestServer cluster;
    private Redis redis;

    @BeforeEach
    void start() {
        cluster = RedisClusterTestServer.startNew(3, 1);
    }

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.close();
        }
        cluster.close();
    }

    private Redis open(String strategy) {
        HostAndPort seed = cluster.nodes().get(0);
        RedisConnection admin = RedisConnection.of("redis://" + seed + "/0", cluster.adminUser(), cluster.adminPassword())
                .inCluster();
        RedisOptions.Builder options = RedisOptions.builder().registryKey("fahren:tenants:" + run);
        return strategy.equals("prefix") ? Redis.withPrefixIsolation(admin, options.tenantsPassword(PASSWORD).build())
                : Redis.withAclIsolation(admin, new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")),
                        TenantSecrets.DEFAULT_PATTERN), options.build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"prefix", "acl"})
    void aPrimaryCrashDuringTrafficLosesNoAcknowledgedWriteAndNoSingleCommandFails(String strategy) throws Exception {
        redis = open(strategy);
        RedisManagement management = redis.forManagement();
        // the tenant's slot on a primary other than the seed, so the client must find the others itself
        String tenant = null;
        for (int i = 0; tenant == null; i++) {
            String id = "fo" + i + "-" + run;
            if (!cluster.primaryOf(JedisClusterCRC16.getSlot("tenant:{" + id + "}:")).equals(cluster.nodes().get(0))) {
                tenant = id;
            }
        }
        management.createTenant(tenant);
        HostAndPort primary = cluster.primaryOf(JedisClusterCRC16.getSlot("tenant:{" + tenant + "}:"));
        UnifiedJedis single = redis.forTenants().clientFor(tenant);
        UnifiedJedis piped = redis.forTenants().clientFor(tenant);

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong singleOk = new AtomicLong();
        AtomicLong singleFailed = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong pipelineFailed = new AtomicLong();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        Future<?> singles = writers.submit(() -> {
            while (writing.get()) {
                try {
                    single.incr("single");
                    singleOk.incrementAndGet();
                } catch (RuntimeException e) {
                    singleFailed.incrementAndGet();
                }
            }
        });
        Future<?> pipelines = writers.submit(() -> {
            while (writing.get()) {
                try (AbstractPipeline pipeline = piped.pipelined()) {
                    Response<Long> value = pipeline.incr("acked");
                    Response<Object> replicas = pipeline.sendCommand(Protocol.Command.WAIT, "1", "500");
                    pipeline.sync();
                    if ((Long) replicas.get() >= 1) {
                        acknowledged.accumulateAndGet(value.get(), Math::max);
                    }
                } catch (RuntimeException e) {
                    pipelineFailed.incrementAndGet(); // a pipeline is not retried: the application sends it again
                }
            }
        });
        Thread.sleep(500);
        long ackedBeforeCrash = acknowledged.get();

        cluster.stopNode(primary);

        Thread.sleep(1_000);
        writing.set(false);
        singles.get(30, TimeUnit.SECONDS);
        pipelines.get(30, TimeUnit.SECONDS);
        writers.shutdown();

        HostAndPort promoted = cluster.primaryOf(JedisClusterCRC16.getSlot("tenant:{" + tenant + "}:"));
        assertThat(promoted).as("a replica serves the tenant's slot now").isNotEqualTo(primary).isIn(cluster.replicas());
        assertThat(ackedBeforeCrash).as("writes were acknowledged before the crash").isPositive();
        assertThat(Long.parseLong(single.get("acked"))).as("every acknowledged write survived the failover")
                .isGreaterThanOrEqualTo(acknowledged.get());
        assertThat(singleFailed.get()).as("single commands that failed across the failover").isZero();
        // unacknowledged writes may be lost in a failover (asynchronous replication): only check it still counts
        long now = Long.parseLong(single.get("single"));
        assertThat(single.incr("single")).as("the tenant writes to the promoted replica").isEqualTo(now + 1);
        System.out.printf("%s failover: %d single writes, 0 failed; %d acknowledged pipelined writes kept, %d pipelines "
                + "failed during the failover%n", strategy, singleOk.get(), acknowledged.get(), pipelineFailed.get());
        single.close();
        piped.close();
        management.deleteTenant(tenant);
        assertThat(management.list()).isEmpty();
    }

    /**
     * The node the configuration names (the seed) crashes: management goes on through the other
     * nodes this process reached before (create, suspend, resume, list, delete; ACL users on the
     * nodes that answer, the crashed one skipped with a warning), and the tenant created then works.
     * A node that returns is given the users it missed by {@code Redis.reconcileCluster()}, tested
     * in {@code AclClusterTest}.
     */
    @ParameterizedTest
    @ValueSource(strings = {"prefix", "acl"})
    void managementGoesOnWhileTheSeedIsDown(String strategy) throws Exception {
        redis = open(strategy);
        RedisManagement management = redis.forManagement();
        String before = "sb-" + run;
        management.createTenant(before);
        try (UnifiedJedis client = redis.forTenants().clientFor(before)) {
            client.set("warm", "1"); // a running process: its tenants side knows the cluster's nodes
        }
        HostAndPort seed = cluster.nodes().get(0);
        cluster.stopNode(seed);

        String during = "sd-" + run;
        management.createTenant(during);
        try (UnifiedJedis client = redis.forTenants().clientFor(during)) {
            client.set("k", "v");
            assertThat(client.get("k")).isEqualTo("v");
        }
        management.suspendTenant(before);
        management.resumeTenant(before);
        try (UnifiedJedis client = redis.forTenants().clientFor(before)) {
            assertThat(client.incr("n")).isEqualTo(1L);
        }
        assertThat(management.list()).extracting(t -> t.id().value()).containsExactlyInAnyOrder(before, during);
        management.deleteTenant(during);
        management.deleteTenant(before);
        assertThat(management.list()).isEmpty();
    }
}
