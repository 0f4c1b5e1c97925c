package io.fahren.bench;

import io.fahren.redis.Redis;
import io.fahren.testing.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What tenancy costs: each row runs the tenant-aware operation and its plain baseline in
 * alternating rounds on the same server and pool size, and prints the ratio. Start it with
 * {@code ./mvnw -pl benchmarks -am verify -Pbench -DskipTests}; servers come from
 * {@code FAHREN_TEST_POSTGRES_URL} / {@code FAHREN_TEST_REDIS_URL}, else the embedded ones.
 */
public final class Benchmarks {

    static final int TENANTS = 100;
    static final int ROWS = 100;
    static final int THREADS = 4;
    static final int POOL = 10;
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final long ROUND_MILLIS = Long.getLong("bench.roundMillis", 3000);
    static final String APP_PASSWORD = "bench-app-password";
    /** Database-per-tenant and Redis ACL rows: how many tenants ({@code -Dbench.tenants.many=N}). */
    static final int MANY = Integer.getInteger("bench.tenants.many", 1000);
    static final int MAX_CONNECTIONS = 40;
    static final int SCHEMA_TABLES = 20;
    /**
     * {@code -Dbench.only=postgres|redis|scopes} runs one group of rows; {@code cluster} only the Redis Cluster row (part of {@code redis}); {@code servers} the database-per-tenant row on 3 servers and the shared-pool schema row on 2 ({@code schema-servers} only the latter); {@code rls} only the
     * row-level security rows of the postgres group; {@code migrations} the migration rows (not part of a full run); {@code sticky} only the sticky rows, the RLS row's ceiling and Fahren's own cost on them; empty runs all.
     */
    static final String ONLY = System.getProperty("bench.only", "");

    private final List<String> rows = new ArrayList<>();

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        new Benchmarks().run();
        System.exit(0);
    }

    static boolean runs(String group) {
        return ONLY.isBlank() || ONLY.equals(group);
    }

    void run() throws Exception {
        if (runs("postgres") || ONLY.equals("rls") || ONLY.equals("shared") || ONLY.equals("sticky")) {
            new PostgresBench(this).postgres();
        }
        if (ONLY.equals("migrations")) { // not in a full run: it creates 3,000 tenants
            new MigrationBench(this).migrations();
        }
        if (runs("redis")) {
            new RedisBench(this).redis(Files.createTempDirectory("fahren-bench-redis"));
        }
        if (runs("servers")) {
            new ServersBench(this).servers(Files.createTempDirectory("fahren-bench-servers"));
        }
        if (runs("servers") || ONLY.equals("schema-servers")) {
            new ServersBench(this).sharedSchemas(1);
            new ServersBench(this).sharedSchemas(2);
        }
        if (runs("redis") || ONLY.equals("cluster")) {
            new RedisBench(this).redisCluster();
        }
        if (runs("scopes")) {
            new ScopesBench(this).scopes();
        }
        System.out.println();
        System.out.printf("Run of %s, %d CPUs, PostgreSQL %s, Redis %s, Java %s, %d threads, %d rounds of %d ms%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), postgresVersion(), redisVersion(),
                System.getProperty("java.version"), THREADS, ROUNDS, ROUND_MILLIS);
        System.out.println("| Row | Tenant-aware | Baseline | Ratio | Target |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    static String postgresVersion() throws java.sql.SQLException {
        try (Connection c = TestServers.postgres().connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String redisVersion() {
        try (var jedis = TestServers.redis().connect(0)) {
            return jedis.info("server").lines().filter(l -> l.startsWith("redis_version:")).findFirst()
                    .map(l -> l.substring("redis_version:".length())).orElse("?");
        }
    }

    void compare(String label, String target, Harness.Op tenant, Harness.Op baseline) throws Exception {
        Harness.Pair pair = Harness.compare(THREADS, ROUNDS, ROUND_MILLIS, tenant, baseline);
        line(String.format(Locale.ROOT, "| %s | %,.0f ops/s (p99 %d µs) | %,.0f ops/s (p99 %d µs) | %.3f | %s |",
                label, pair.tenantOps(), pair.tenantP99Micros(), pair.baselineOps(), pair.baselineP99Micros(),
                pair.ratio(), target));
    }

    void row(String label, List<Long> nanos) {
        line(String.format(Locale.ROOT, "| %s | %.1f ms / %.1f ms | – | – | see issue |", label,
                Harness.percentile(nanos, 0.5) / 1e6, Harness.percentile(nanos, 0.99) / 1e6));
    }

    /** @param row a finished table row: kept for the table at the end, and printed now */
    void line(String row) {
        rows.add(row);
        System.out.println(row);
    }
}
