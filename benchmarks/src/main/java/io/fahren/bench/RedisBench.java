package io.fahren.bench;

import static io.fahren.bench.Benchmarks.MANY;
import static io.fahren.bench.Benchmarks.TENANTS;

import io.fahren.redis.Redis;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.RedisClusterTestServer;
import io.fahren.testing.RedisTestServer;
import io.fahren.testing.TestServers;
import java.sql.Connection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Redis rows: prefix isolation, then ACL users with per-tenant pools and with shared
 * connections; and prefix isolation on a Redis Cluster.
 */
final class RedisBench {

    private final Benchmarks report;

    RedisBench(Benchmarks report) {
        this.report = report;
    }

    void redis(Path dir) throws Exception {
        RedisTestServer server = TestServers.redis();
        RedisConnection admin = RedisConnection.of("redis://" + server.host() + ":" + server.port() + "/9",
                server.adminUser(), server.adminPassword());
        RedisOptions options = RedisOptions.builder().tenantsPassword("bench-shared-password-0123456789-abcdef")
                .tenantsUser("bench-tenants").registryKey("fahren:bench").build();
        try (Redis redis = Redis.withPrefixIsolation(admin, options)) {
            List<UnifiedJedis> clients = prefixTenants(redis);
            GenericObjectPoolConfig<redis.clients.jedis.Connection> pool = pool(options.poolSize());
            try (JedisPooled raw = new JedisPooled(new HostAndPort(server.host(), server.port()),
                    DefaultJedisClientConfig.builder().database(9).user("bench-tenants")
                            .password(options.tenantsPassword()).build(), pool)) {
                report.compare("Redis prefix GET/SET, 4 threads, random tenant", ">= 0.97",
                        random -> getOrSet(clients.get(random.nextInt(TENANTS)), "k" + random.nextInt(100), random),
                        random -> getOrSet(raw, "tenant:r" + random.nextInt(TENANTS) + ":k" + random.nextInt(100),
                                random));
            }
            deletePrefixTenants(redis, clients);
        }
        // database 0, as most deployments: on another database, shared ACL connections also send a
        // SELECT with every command, because RESET goes back to database 0
        redisAcl(server, RedisConnection.of("redis://" + server.host() + ":" + server.port() + "/0",
                server.adminUser(), server.adminPassword()), options, dir);
    }

    /**
     * Prefix isolation on a Redis Cluster of 3 primaries (started here from the same binaries),
     * against Jedis's own {@code JedisCluster} logged in as the same shared user, with the same
     * pool size per node, on the same hash-tagged keys.
     */
    void redisCluster() throws Exception {
        try (RedisClusterTestServer cluster = RedisClusterTestServer.startNew(3)) {
            RedisConnection admin = RedisConnection.of("redis://" + cluster.nodes().get(0) + "/0", cluster.adminUser(),
                    cluster.adminPassword()).inCluster();
            RedisOptions options = RedisOptions.builder().tenantsPassword("bench-shared-password-0123456789-abcdef")
                    .tenantsUser("bench-tenants").registryKey("fahren:bench").build();
            try (Redis redis = Redis.withPrefixIsolation(admin, options)) {
                List<UnifiedJedis> clients = prefixTenants(redis);
                try (JedisCluster raw = new JedisCluster(Set.copyOf(cluster.nodes()), DefaultJedisClientConfig.builder()
                        .user(options.tenantsUser()).password(options.tenantsPassword()).build(), 5,
                        pool(options.poolSize()))) {
                    report.compare("Redis Cluster (3 primaries) prefix GET/SET, 4 threads, random tenant, vs JedisCluster",
                            ">= 0.95", random -> getOrSet(clients.get(random.nextInt(TENANTS)), "k" + random.nextInt(100),
                                    random),
                            random -> getOrSet(raw, "tenant:{r" + random.nextInt(TENANTS) + "}:k" + random.nextInt(100),
                                    random));
                }
                deletePrefixTenants(redis, clients);
            }
        }
    }

    /** @return a client of each of {@link Benchmarks#TENANTS} new tenants {@code r0, r1, ...} */
    private static List<UnifiedJedis> prefixTenants(Redis redis) {
        List<UnifiedJedis> clients = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            redis.forManagement().createTenant("r" + t);
            clients.add(redis.forTenants().clientFor("r" + t));
        }
        return clients;
    }

    private static void deletePrefixTenants(Redis redis, List<UnifiedJedis> clients) {
        clients.forEach(UnifiedJedis::close);
        for (int t = 0; t < TENANTS; t++) {
            redis.forManagement().deleteTenant("r" + t);
        }
    }

    /** @return the baseline's pool configuration: as many connections as Fahren's pool */
    private static GenericObjectPoolConfig<redis.clients.jedis.Connection> pool(int size) {
        GenericObjectPoolConfig<redis.clients.jedis.Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(size);
        pool.setMaxIdle(size);
        return pool;
    }

    /**
     * ACL user per tenant: {@link #MANY} tenants at random, with a bounded cache of per-tenant
     * pools, then with one shared pool that logs in per command.
     */
    void redisAcl(RedisTestServer server, RedisConnection admin, RedisOptions prefixOptions, Path dir)
            throws Exception {
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("redis-secrets.json")),
                TenantSecrets.DEFAULT_PATTERN);
        RedisOptions perTenant = RedisOptions.builder().aclUserPrefix("bench-acl-").maxTenants(100)
                .registryKey("fahren:bench-acl").build();
        try (Redis redis = Redis.withAclIsolation(admin, secrets, perTenant)) {
            for (int t = 0; t < MANY; t++) {
                redis.forManagement().createTenant("a" + t);
            }
            aclRow(redis, server, prefixOptions, "per-tenant pools, max-tenants=" + perTenant.maxTenants(),
                    "max-tenants × pool size = " + perTenant.maxTenants() * perTenant.poolSize());
        }
        RedisOptions shared = RedisOptions.builder().aclUserPrefix("bench-acl-").registryKey("fahren:bench-acl")
                .sharedConnections(true).build();
        try (Redis redis = Redis.withAclIsolation(admin, secrets, shared)) {
            aclRow(redis, server, prefixOptions, "shared connections (AUTH, command, RESET)",
                    "pool size = " + shared.poolSize());
            for (int t = 0; t < MANY; t++) {
                redis.forManagement().deleteTenant("a" + t);
            }
        }
    }

    void aclRow(Redis redis, RedisTestServer server, RedisOptions prefixOptions, String mode, String bound)
            throws Exception {
        List<UnifiedJedis> clients = new ArrayList<>();
        for (int t = 0; t < MANY; t++) {
            clients.add(redis.forTenants().clientFor("a" + t));
        }
        GenericObjectPoolConfig<redis.clients.jedis.Connection> pool = pool(prefixOptions.poolSize());
        // the baseline logs in as the prefix benchmark's shared user, which may use every tenant key
        try (JedisPooled raw = new JedisPooled(new HostAndPort(server.host(), server.port()),
                DefaultJedisClientConfig.builder().database(0).user(prefixOptions.tenantsUser())
                        .password(prefixOptions.tenantsPassword()).build(), pool);
                var count = server.connect(9)) {
            // tenant users' connections, and the shared pool's logged-out ones (the default user)
            Sampler sampler = new Sampler(Long.MAX_VALUE, () -> count.clientList().lines()
                    .filter(l -> l.contains(" user=bench-acl-") || l.contains(" user=default ")).count());
            try (sampler) {
                report.compare("Redis ACL GET/SET, " + MANY + " tenants, random tenant, " + mode + ", 4 threads", ">= 0.90",
                        random -> getOrSet(clients.get(random.nextInt(MANY)), "k" + random.nextInt(100), random),
                        random -> getOrSet(raw, "tenant:a" + random.nextInt(MANY) + ":k" + random.nextInt(100),
                                random));
            }
            report.line(String.format(Locale.ROOT, "| Redis ACL, %s: tenant connections during the row above "
                    + "| peak %d (%d samples) | – | – | bounded by %s |", mode, sampler.peak(), sampler.samples(),
                    bound));
        }
        clients.forEach(UnifiedJedis::close);
    }

    /** Half SETs, half GETs. */
    static void getOrSet(UnifiedJedis client, String key, SplittableRandom random) {
        if (random.nextBoolean()) {
            client.set(key, "v");
        } else {
            client.get(key);
        }
    }
}
