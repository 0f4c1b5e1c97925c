package io.fahren.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fahren.TenantId;
import io.fahren.Tenants;
import io.fahren.postgres.BindingMode;
import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.RlsOptions;
import io.fahren.postgres.SchemaOptions;
import io.fahren.redis.Redis;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.RedisTestServer;
import io.fahren.testing.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/**
 * What tenancy costs: each row runs the tenant-aware operation and its plain baseline in
 * alternating rounds on the same server and pool size, and prints the ratio. Start it with
 * {@code ./mvnw -pl benchmarks -am verify -Pbench -DskipTests}; servers come from
 * {@code FAHREN_TEST_POSTGRES_URL} / {@code FAHREN_TEST_REDIS_URL}, else the embedded ones.
 */
public final class Benchmarks {

    private static final int TENANTS = 100;
    private static final int ROWS = 100;
    private static final int THREADS = 4;
    private static final int POOL = 10;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final long ROUND_MILLIS = Long.getLong("bench.roundMillis", 3000);
    private static final String APP_PASSWORD = "bench-app-password";
    /** Database-per-tenant and Redis ACL rows: how many tenants ({@code -Dbench.tenants.many=N}). */
    private static final int MANY = Integer.getInteger("bench.tenants.many", 1000);
    private static final int MAX_CONNECTIONS = 40;
    private static final int SCHEMA_TABLES = 20;
    /**
     * {@code -Dbench.only=postgres|redis|scopes} runs one group of rows; {@code rls} only the
     * row-level security rows of the postgres group; empty runs all.
     */
    private static final String ONLY = System.getProperty("bench.only", "");

    private final List<String> rows = new ArrayList<>();

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        new Benchmarks().run();
        System.exit(0);
    }

    private static boolean runs(String group) {
        return ONLY.isBlank() || ONLY.equals(group);
    }

    private void run() throws Exception {
        if (runs("postgres") || ONLY.equals("rls")) {
            postgres();
        }
        if (runs("redis")) {
            redis(Files.createTempDirectory("fahren-bench-redis"));
        }
        if (runs("scopes")) {
            scopes();
        }
        System.out.println();
        System.out.printf("Run of %s, %d CPUs, PostgreSQL %s, Redis %s, Java %s, %d threads, %d rounds of %d ms%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), postgresVersion(), redisVersion(),
                System.getProperty("java.version"), THREADS, ROUNDS, ROUND_MILLIS);
        System.out.println("| Row | Tenant-aware | Baseline | Ratio | Target |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String postgresVersion() throws java.sql.SQLException {
        try (Connection c = TestServers.postgres().connect("postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void postgres() throws Exception {
        PostgresTestServer pg = TestServers.postgres();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS bench WITH (FORCE)");
            s.execute("CREATE DATABASE bench");
            s.execute("DROP ROLE IF EXISTS bench_app");
            s.execute("CREATE ROLE bench_app LOGIN NOSUPERUSER NOBYPASSRLS");
            // explicit: the database-per-tenant rows revoke CONNECT from PUBLIC on the other databases
            s.execute("GRANT CONNECT ON DATABASE bench TO bench_app");
            try (PreparedStatement password = c.prepareStatement("SELECT format('ALTER ROLE bench_app PASSWORD %L', ?)")) {
                password.setString(1, APP_PASSWORD);
                try (ResultSet rs = password.executeQuery()) {
                    rs.next();
                    s.execute(rs.getString(1)); // the literal quoted by PostgreSQL
                }
            }
        }
        String url = pg.jdbcUrl("bench");
        PostgresConnection admin = PostgresConnection.of(url, pg.adminUser(), pg.adminPassword());
        PostgresConnection app = PostgresConnection.of(url, "bench_app", APP_PASSWORD);
        try (Connection c = pg.connect("bench"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id bigint PRIMARY KEY, tenant_id text NOT NULL, v text NOT NULL)");
            s.execute("CREATE TABLE items_plain (id bigint PRIMARY KEY, tenant_id text NOT NULL, v text NOT NULL)");
            try (PreparedStatement fill = c.prepareStatement("INSERT INTO items SELECT t * 1000 + r, 't' || t, "
                    + "md5((t * 1000 + r)::text) FROM generate_series(0, ?) t, generate_series(0, ?) r")) {
                fill.setInt(1, TENANTS - 1);
                fill.setInt(2, ROWS - 1);
                fill.executeUpdate();
            }
            s.execute("INSERT INTO items_plain SELECT * FROM items");
            s.execute("GRANT SELECT, UPDATE ON items_plain TO bench_app");
            s.execute("CREATE TABLE history (id bigserial PRIMARY KEY, tenant_id text NOT NULL, item bigint, v text)");
            s.execute("CREATE TABLE history_plain (id bigserial PRIMARY KEY, tenant_id text NOT NULL, item bigint, v text)");
            s.execute("GRANT SELECT, INSERT ON history_plain TO bench_app");
            s.execute("GRANT USAGE ON SEQUENCE history_plain_id_seq TO bench_app");
            s.execute("ANALYZE");
        }
        Path dir = Files.createTempDirectory("fahren-bench");
        try (HikariDataSource plain = pool(app, POOL)) {
            rls(admin, app, plain);
            if (ONLY.equals("rls")) {
                return;
            }
            schema(admin, app, plain);
        }
        try (HikariDataSource plain = pool(app, MAX_CONNECTIONS)) {
            databases(pg, admin, plain, dir);
        }
    }

    private static HikariDataSource pool(PostgresConnection login, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(login.url());
        config.setUsername(login.username());
        config.setPassword(login.password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    private static String select(Connection c, long id) throws java.sql.SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT v FROM items WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("row " + id + " not visible");
                }
                return rs.getString(1);
            }
        }
    }

    private static Harness.Op plainSelect(HikariDataSource plain) {
        return random -> plainSelect(plain, random, 0);
    }

    /** The plain point select, with 0, 1 (a setting before) or 2 (and a reset after) extra round trips. */
    private static void plainSelect(HikariDataSource plain, SplittableRandom random, int extraRoundTrips)
            throws java.sql.SQLException {
        int t = random.nextInt(TENANTS);
        long id = t * 1000L + random.nextInt(ROWS);
        try (Connection c = plain.getConnection()) {
            if (extraRoundTrips > 0) {
                setting(c, "t" + t, false);
            }
            try (PreparedStatement p = c.prepareStatement("SELECT v FROM items_plain WHERE id = ?")) {
                p.setLong(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                }
            }
            if (extraRoundTrips > 1) {
                setting(c, "", false);
            }
        }
    }

    private static final List<String> UNSCOPED = List.of("public.items.items_pkey");

    private void rls(PostgresConnection admin, PostgresConnection app, HikariDataSource plain) throws Exception {
        // items keeps its primary key on the id alone, accepted as unscoped, so the point selects compare
        // with the figures of earlier runs and with items_plain
        try (Postgres rls = Postgres.withRlsIsolation(admin, RlsOptions.builder().autoSetup(true).poolSize(POOL)
                .tables(List.of("public.items", "public.history")).unscopedConstraints(UNSCOPED)
                .grantTenantRoleTo(List.of("bench_app")).build())) {
            List<Long> creates = createTenants(rls.forManagement(), "t");
            row("`createTenant` RLS, p50 / p99", creates);
            try (PostgresTenants tenants = rls.forTenants(app)) {
                pointSelects("RLS", tenants, "t", ">= 0.90", plain);
                roundTrips(tenants, plain);
            }
        }
        // the same tables and tenants, now bound per transaction (set_config local, reset by the commit)
        try (Postgres rls = Postgres.withRlsIsolation(admin, RlsOptions.builder().poolSize(POOL)
                .bindingMode(BindingMode.TRANSACTION).tables(List.of("public.items", "public.history"))
                .unscopedConstraints(UNSCOPED).grantTenantRoleTo(List.of("bench_app")).build());
                PostgresTenants tenants = rls.forTenants(app)) {
            compare("Three-statement read-write transaction, RLS (transaction binding), random tenants", ">= 0.90",
                    random -> {
                        int t = random.nextInt(TENANTS);
                        long id = t * 1000L + random.nextInt(ROWS);
                        tenants.withConnection("t" + t, c -> readWrite(c, ReadWrite.TENANT, id, "t" + t));
                    }, random -> {
                        int t = random.nextInt(TENANTS);
                        long id = t * 1000L + random.nextInt(ROWS);
                        plainReadWrite(plain, id, "t" + t, false);
                    });
        }
        // the proof for the row above: the same plain transaction with one more statement, as a bind would be
        compare("Plain three-statement transaction plus one `set_config(..., true)` (no Fahren), random tenants",
                "ceiling of any per-transaction bind", random -> {
                    int t = random.nextInt(TENANTS);
                    plainReadWrite(plain, t * 1000L + random.nextInt(ROWS), "t" + t, true);
                }, random -> {
                    int t = random.nextInt(TENANTS);
                    plainReadWrite(plain, t * 1000L + random.nextInt(ROWS), "t" + t, false);
                });
    }

    private static void plainReadWrite(HikariDataSource plain, long id, String tenant, boolean bind)
            throws java.sql.SQLException {
        try (Connection c = plain.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (bind) {
                    setting(c, tenant, true);
                }
                readWrite(c, ReadWrite.PLAIN, id, tenant);
                c.commit();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** One round trip of the kind a tenant bind is: a custom setting, set by a bound value. */
    private static void setting(Connection c, String value, boolean local) throws java.sql.SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT set_config('bench.tenant', ?, ?)")) {
            p.setString(1, value);
            p.setBoolean(2, local);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
            }
        }
    }

    /**
     * The proof behind the point-select rows: plain JDBC with the extra round trips a binding
     * needs, written by hand and without Fahren. Their ratio to plain JDBC is the ceiling of any
     * design that sends that many statements; the last row shows what Fahren adds on top.
     */
    private void roundTrips(PostgresTenants tenants, HikariDataSource plain) throws Exception {
        compare("Plain point select plus one round trip (a `set_config` before it; no Fahren)",
                "ceiling with a bind on every use", random -> plainSelect(plain, random, 1), random -> plainSelect(plain,
                        random, 0));
        compare("Plain point select plus two round trips (`set_config` before and a reset after; no Fahren)",
                "ceiling when connections go back clean", random -> plainSelect(plain, random, 2),
                random -> plainSelect(plain, random, 0));
        compare("RLS point select, random tenant, against the plain two-round-trip version above", "≈ 1: Fahren adds "
                + "nothing beyond its round trips", random -> {
                    int t = random.nextInt(TENANTS);
                    long id = t * 1000L + random.nextInt(ROWS);
                    tenants.callWithConnection("t" + t, c -> select(c, id));
                }, random -> plainSelect(plain, random, 2));
    }

    private void schema(PostgresConnection admin, PostgresConnection app, HikariDataSource plain) throws Exception {
        try (Postgres schema = Postgres.withSchemaIsolation(admin, SchemaOptions.builder().schemaPrefix("bs_")
                .rolePrefix("bs_").poolSize(POOL).registrySchema("fahren_bs").grantTenantRolesTo(List.of("bench_app"))
                .build())) {
            List<Long> creates = createTenants(schema.forManagement(), "s");
            row("`createTenant` schema (empty), p50 / p99", creates);
            try (PostgresTenants tenants = schema.forTenants(app)) {
                for (int t = 0; t < TENANTS; t++) {
                    int tenant = t;
                    tenants.withConnection("s" + t, c -> {
                        try (Statement s = c.createStatement(); PreparedStatement fill = c.prepareStatement(
                                "INSERT INTO items SELECT ? * 1000 + r, md5(r::text) FROM generate_series(0, ?) r")) {
                            s.execute("CREATE TABLE items (id bigint PRIMARY KEY, v text NOT NULL)");
                            fill.setInt(1, tenant);
                            fill.setInt(2, ROWS - 1);
                            fill.executeUpdate();
                        }
                    });
                }
                pointSelects("Schema", tenants, "s", ">= 0.85", plain);
                List<Long> withTables = new ArrayList<>();
                for (int t = 0; t < TENANTS / 2; t++) {
                    long start = System.nanoTime();
                    schema.forManagement().createTenant("w" + t);
                    tenants.withConnection("w" + t, Benchmarks::createTables);
                    withTables.add(System.nanoTime() - start);
                }
                row("`createTenant` schema, then " + SCHEMA_TABLES + " tables created in it (one transaction), "
                        + "p50 / p99 (" + TENANTS / 2 + " tenants)", withTables);
            }
        }
    }

    /** What a migration of a small application does in a new tenant schema. */
    private static void createTables(Connection c) throws java.sql.SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < SCHEMA_TABLES; i++) {
                // fixed texts: the table names are constants of this benchmark, never input
                s.execute(TABLE_DDL[i]);
            }
        }
        c.commit();
    }

    private static final String[] TABLE_DDL = java.util.stream.IntStream.range(0, SCHEMA_TABLES)
            .mapToObj(i -> "CREATE TABLE table_" + i + " (id bigserial PRIMARY KEY, name text NOT NULL, "
                    + "amount numeric(12, 2), created timestamptz NOT NULL DEFAULT now(), ref bigint)")
            .toArray(String[]::new);

    /**
     * Database per tenant: {@link #MANY} databases made from a template, random tenants under a
     * cap of {@link #MAX_CONNECTIONS} server connections, sampled on the server all along.
     */
    private void databases(PostgresTestServer pg, PostgresConnection admin, HikariDataSource plain, Path dir)
            throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS bench_tpl");
            s.execute("CREATE DATABASE bench_tpl");
        }
        try (Connection c = pg.connect("bench_tpl"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id bigint PRIMARY KEY, v text NOT NULL)");
            try (PreparedStatement fill = c.prepareStatement(
                    "INSERT INTO items SELECT r, md5(r::text) FROM generate_series(0, ?) r")) {
                fill.setInt(1, ROWS - 1);
                fill.executeUpdate();
            }
            s.execute("VACUUM ANALYZE items");
        }
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("database-secrets.json")),
                TenantSecrets.DEFAULT_PATTERN);
        DatabaseOptions options = DatabaseOptions.builder().revokePublicConnect(true).prefix("bd_").template("bench_tpl")
                .maxConnections(MAX_CONNECTIONS).registrySchema("fahren_bd").build();
        try (Postgres databases = Postgres.withDatabaseIsolation(admin, secrets, options)) {
            PostgresManagement management = databases.forManagement();
            List<Long> creates = new ArrayList<>();
            for (int t = 0; t < MANY; t++) {
                long start = System.nanoTime();
                management.createTenant("d" + t);
                creates.add(System.nanoTime() - start);
            }
            row("`createTenant` database from a template (one table, 100 rows), p50 / p99 (" + MANY + " tenants)",
                    creates);
            try (PostgresTenants tenants = databases.forTenants();
                    Connection count = pg.connect("postgres");
                    PreparedStatement connections = count.prepareStatement(
                            "SELECT count(*) FROM pg_stat_activity WHERE starts_with(usename, ?)")) {
                connections.setString(1, "bd_");
                Sampler sampler = new Sampler(MAX_CONNECTIONS, () -> {
                    try (ResultSet rs = connections.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                });
                try (sampler) {
                    compare("Database per tenant, " + MANY + " tenants, random tenant, max-connections="
                            + MAX_CONNECTIONS + ", max-tenants=" + options.maxTenants() + " (baseline: one database, "
                            + "a plain pool of " + MAX_CONNECTIONS + ")", "report", random -> {
                                int t = random.nextInt(MANY);
                                long id = random.nextInt(ROWS);
                                tenants.callWithConnection("d" + t, c -> select(c, id));
                            }, plainSelect(plain));
                }
                rows.add(String.format(Locale.ROOT, "| Database per tenant: server connections of tenant logins "
                        + "during the row above | peak %d; %d of %d samples above %d | – | – | 0 above %d |",
                        sampler.peak(), sampler.above(), sampler.samples(), MAX_CONNECTIONS, MAX_CONNECTIONS));
                System.out.println(rows.get(rows.size() - 1));
            }
            List<Long> deletes = new ArrayList<>();
            for (int t = 0; t < MANY; t++) {
                long start = System.nanoTime();
                management.deleteTenant("d" + t);
                deletes.add(System.nanoTime() - start);
            }
            row("`deleteTenant` database, p50 / p99 (" + MANY + " tenants)", deletes);
        }
    }

    /** Random tenants, then one sticky tenant, against the same select without tenancy. */
    private void pointSelects(String strategy, PostgresTenants tenants, String prefix, String randomTarget,
            HikariDataSource plain) throws Exception {
        compare(strategy + " point select, 100 tenants, random tenant", randomTarget, random -> {
            int t = random.nextInt(TENANTS);
            long id = t * 1000L + random.nextInt(ROWS);
            tenants.callWithConnection(prefix + t, c -> select(c, id));
        }, plainSelect(plain));
        compare(strategy + " point select, one tenant (sticky)", ">= 0.97", random -> {
            long id = 7 * 1000L + random.nextInt(ROWS);
            tenants.callWithConnection(prefix + 7, c -> select(c, id));
        }, plainSelect(plain));
    }

    /** The pgbench-like statements, on the tenant tables or on their plain copies. */
    private record ReadWrite(String update, String read, String append) {
        static final ReadWrite TENANT = new ReadWrite("UPDATE items SET v = md5(v) WHERE id = ?",
                "SELECT v FROM items WHERE id = ?", "INSERT INTO history (tenant_id, item, v) VALUES (?, ?, 'x')");
        static final ReadWrite PLAIN = new ReadWrite("UPDATE items_plain SET v = md5(v) WHERE id = ?",
                "SELECT v FROM items_plain WHERE id = ?",
                "INSERT INTO history_plain (tenant_id, item, v) VALUES (?, ?, 'x')");
    }

    /** pgbench-like: update a row, read it back, append to a history table. */
    private static void readWrite(Connection c, ReadWrite sql, long id, String tenant) throws java.sql.SQLException {
        try (PreparedStatement update = c.prepareStatement(sql.update());
                PreparedStatement read = c.prepareStatement(sql.read());
                PreparedStatement append = c.prepareStatement(sql.append())) {
            update.setLong(1, id);
            update.executeUpdate();
            read.setLong(1, id);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
            }
            append.setString(1, tenant);
            append.setLong(2, id);
            append.executeUpdate();
        }
    }

    private static List<Long> createTenants(PostgresManagement management, String prefix) {
        List<Long> nanos = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            long start = System.nanoTime();
            management.createTenant(prefix + t);
            nanos.add(System.nanoTime() - start);
        }
        return nanos;
    }

    private void redis(Path dir) throws Exception {
        RedisTestServer server = TestServers.redis();
        RedisConnection admin = RedisConnection.of("redis://" + server.host() + ":" + server.port() + "/9",
                server.adminUser(), server.adminPassword());
        RedisOptions options = RedisOptions.builder().tenantsPassword("bench-shared-password-0123456789-abcdef")
                .tenantsUser("bench-tenants").registryKey("fahren:bench").build();
        try (Redis redis = Redis.withPrefixIsolation(admin, options)) {
            List<UnifiedJedis> clients = new ArrayList<>();
            for (int t = 0; t < TENANTS; t++) {
                redis.forManagement().createTenant("r" + t);
                clients.add(redis.forTenants().clientFor("r" + t));
            }
            GenericObjectPoolConfig<redis.clients.jedis.Connection> pool = new GenericObjectPoolConfig<>();
            pool.setMaxTotal(options.poolSize());
            pool.setMaxIdle(options.poolSize());
            try (JedisPooled raw = new JedisPooled(new HostAndPort(server.host(), server.port()),
                    DefaultJedisClientConfig.builder().database(9).user("bench-tenants")
                            .password(options.tenantsPassword()).build(), pool)) {
                compare("Redis prefix GET/SET, 4 threads, random tenant", ">= 0.97",
                        random -> getOrSet(clients.get(random.nextInt(TENANTS)), "k" + random.nextInt(100), random),
                        random -> getOrSet(raw, "tenant:r" + random.nextInt(TENANTS) + ":k" + random.nextInt(100),
                                random));
            }
            clients.forEach(UnifiedJedis::close);
            for (int t = 0; t < TENANTS; t++) {
                redis.forManagement().deleteTenant("r" + t);
            }
        }
        // database 0, as most deployments: on another database, shared ACL connections also send a
        // SELECT with every command, because RESET goes back to database 0
        redisAcl(server, RedisConnection.of("redis://" + server.host() + ":" + server.port() + "/0",
                server.adminUser(), server.adminPassword()), options, dir);
    }

    /**
     * ACL user per tenant: {@link #MANY} tenants at random, with a bounded cache of per-tenant
     * pools, then with one shared pool that logs in per command.
     */
    private void redisAcl(RedisTestServer server, RedisConnection admin, RedisOptions prefixOptions, Path dir)
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

    private void aclRow(Redis redis, RedisTestServer server, RedisOptions prefixOptions, String mode, String bound)
            throws Exception {
        List<UnifiedJedis> clients = new ArrayList<>();
        for (int t = 0; t < MANY; t++) {
            clients.add(redis.forTenants().clientFor("a" + t));
        }
        GenericObjectPoolConfig<redis.clients.jedis.Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(prefixOptions.poolSize());
        pool.setMaxIdle(prefixOptions.poolSize());
        // the baseline logs in as the prefix benchmark's shared user, which may use every tenant key
        try (JedisPooled raw = new JedisPooled(new HostAndPort(server.host(), server.port()),
                DefaultJedisClientConfig.builder().database(0).user(prefixOptions.tenantsUser())
                        .password(prefixOptions.tenantsPassword()).build(), pool);
                var count = server.connect(9)) {
            // tenant users' connections, and the shared pool's logged-out ones (the default user)
            Sampler sampler = new Sampler(Long.MAX_VALUE, () -> count.clientList().lines()
                    .filter(l -> l.contains(" user=bench-acl-") || l.contains(" user=default ")).count());
            try (sampler) {
                compare("Redis ACL GET/SET, " + MANY + " tenants, random tenant, " + mode + ", 4 threads", ">= 0.90",
                        random -> getOrSet(clients.get(random.nextInt(MANY)), "k" + random.nextInt(100), random),
                        random -> getOrSet(raw, "tenant:a" + random.nextInt(MANY) + ":k" + random.nextInt(100),
                                random));
            }
            rows.add(String.format(Locale.ROOT, "| Redis ACL, %s: tenant connections during the row above "
                    + "| peak %d (%d samples) | – | – | bounded by %s |", mode, sampler.peak(), sampler.samples(),
                    bound));
            System.out.println(rows.get(rows.size() - 1));
        }
        clients.forEach(UnifiedJedis::close);
    }

    /** Half SETs, half GETs. */
    private static void getOrSet(UnifiedJedis client, String key, SplittableRandom random) {
        if (random.nextBoolean()) {
            client.set(key, "v");
        } else {
            client.get(key);
        }
    }

    private static String redisVersion() {
        try (var jedis = TestServers.redis().connect(0)) {
            return jedis.info("server").lines().filter(l -> l.startsWith("redis_version:")).findFirst()
                    .map(l -> l.substring("redis_version:".length())).orElse("?");
        }
    }

    /**
     * @return Weld with the portable extension that fahren-cdi registers (and not those of the
     *         PostgreSQL and Redis modules, which would ask for their configuration)
     */
    private static Weld coreOnly(Weld weld) {
        java.security.CodeSource core = io.fahren.Tenants.class.getProtectionDomain().getCodeSource();
        java.util.ServiceLoader.load(jakarta.enterprise.inject.spi.Extension.class).stream()
                .filter(provider -> core.equals(provider.type().getProtectionDomain().getCodeSource()))
                .forEach(provider -> weld.addExtension(provider.get()));
        return weld;
    }

    private void scopes() {
        try (WeldContainer weld = coreOnly(new Weld().disableDiscovery())
                .addBeanClasses(ScopedCounter.class, AppCounter.class).initialize()) {
            ScopedCounter scoped = weld.select(ScopedCounter.class).get();
            AppCounter app = weld.select(AppCounter.class).get();
            TenantId tenant = TenantId.of("acme");
            int n = 5_000_000;
            double scopedNanos = 0;
            double appNanos = 0;
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Tenants.runAs(tenant, scoped::increment);
                }
                long middle = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    app.increment();
                }
                long end = System.nanoTime();
                if (round > 0) { // the first round is warm-up
                    scopedNanos += (middle - start) / (double) n / 4;
                    appNanos += (end - middle) / (double) n / 4;
                }
            }
            rows.add(String.format(Locale.ROOT, "| `Tenants.runAs` + `@TenantScoped` call vs `@ApplicationScoped` call "
                    + "| %.1f ns | %.1f ns | overhead %.1f ns | <= 100 ns overhead |", scopedNanos, appNanos,
                    scopedNanos - appNanos));
        }
    }

    private void compare(String label, String target, Harness.Op tenant, Harness.Op baseline) throws Exception {
        Harness.Pair pair = Harness.compare(THREADS, ROUNDS, ROUND_MILLIS, tenant, baseline);
        rows.add(String.format(Locale.ROOT, "| %s | %,.0f ops/s (p99 %d µs) | %,.0f ops/s (p99 %d µs) | %.3f | %s |",
                label, pair.tenantOps(), pair.tenantP99Micros(), pair.baselineOps(), pair.baselineP99Micros(),
                pair.ratio(), target));
        System.out.println(rows.get(rows.size() - 1));
    }

    private void row(String label, List<Long> nanos) {
        rows.add(String.format(Locale.ROOT, "| %s | %.1f ms / %.1f ms | – | – | see issue |", label,
                Harness.percentile(nanos, 0.5) / 1e6, Harness.percentile(nanos, 0.99) / 1e6));
        System.out.println(rows.get(rows.size() - 1));
    }
}
