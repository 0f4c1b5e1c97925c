package io.fahren.bench;

import static io.fahren.bench.Benchmarks.APP_PASSWORD;
import static io.fahren.bench.Benchmarks.MAX_CONNECTIONS;
import static io.fahren.bench.Benchmarks.ONLY;
import static io.fahren.bench.Benchmarks.POOL;
import static io.fahren.bench.Benchmarks.ROWS;
import static io.fahren.bench.Benchmarks.TENANTS;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fahren.postgres.BindingMode;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.RlsOptions;
import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/** The PostgreSQL rows: row-level security against plain JDBC, and the helpers the other PostgreSQL rows share. */
final class PostgresBench {

    private final Benchmarks report;

    PostgresBench(Benchmarks report) {
        this.report = report;
    }

    void postgres() throws Exception {
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
            new PerTenantBench(report).schema(admin, app, plain);
            if (ONLY.equals("shared") || ONLY.equals("sticky")) {
                return;
            }
        }
        try (HikariDataSource plain = pool(app, MAX_CONNECTIONS)) {
            new PerTenantBench(report).databases(pg, admin, plain, dir);
        }
    }

    static HikariDataSource pool(PostgresConnection login, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(login.url());
        config.setUsername(login.username());
        config.setPassword(login.password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    static String select(Connection c, long id) throws java.sql.SQLException {
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

    static Harness.Op plainSelect(HikariDataSource plain) {
        return random -> plainSelect(plain, random, 0);
    }

    /** A plain point select after one round trip that clears the session the way Fahren does before binding. */
    static final int CLEARING_ROUND_TRIP = 3;
    /** The same clearing and setting, sent in the select's own round trip (what piggybacking could reach). */
    static final int CLEARING_PIGGYBACKED = 4;

    /** The clearing of a tenant switch, as Fahren sends it ({@code SessionReset}), then a setting by a bound value. */
    private static final String CLEAR_AND_SET = "CLOSE ALL; UNLISTEN *; SELECT pg_catalog.pg_advisory_unlock_all(); "
            + "DEALLOCATE ALL; DISCARD TEMP; DISCARD SEQUENCES; RESET ALL; SELECT set_config('bench.tenant', ?, false); ";

    /**
     * The plain point select, with 0, 1 (a setting before) or 2 (and a reset after) extra round
     * trips, or {@link #CLEARING_ROUND_TRIP} or {@link #CLEARING_PIGGYBACKED}.
     */
    static void plainSelect(HikariDataSource plain, SplittableRandom random, int extraRoundTrips)
            throws java.sql.SQLException {
        int t = random.nextInt(TENANTS);
        long id = t * 1000L + random.nextInt(ROWS);
        try (Connection c = plain.getConnection()) {
            if (extraRoundTrips == CLEARING_PIGGYBACKED) {
                try (PreparedStatement p = c.prepareStatement(CLEAR_AND_SET + "SELECT v FROM items_plain WHERE id = ?")) {
                    p.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
                    p.setString(1, "t" + t);
                    p.setLong(2, id);
                    readLast(p, 8, id);
                }
                return;
            }
            if (extraRoundTrips == CLEARING_ROUND_TRIP) {
                clearAndSet(c, "t" + t);
            } else if (extraRoundTrips > 0) {
                setting(c, "t" + t, false);
            }
            try (PreparedStatement p = c.prepareStatement("SELECT v FROM items_plain WHERE id = ?")) {
                p.setLong(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                }
            }
            if (extraRoundTrips == 2) {
                setting(c, "", false);
            }
        }
    }

    static final List<String> UNSCOPED = List.of("public.items.items_pkey");

    void rls(PostgresConnection admin, PostgresConnection app, HikariDataSource plain) throws Exception {
        // items keeps its primary key on the id alone, accepted as unscoped, so the point selects compare
        // with the figures of earlier runs and with items_plain
        try (Postgres rls = Postgres.withRlsIsolation(admin, RlsOptions.builder().autoSetup(true).poolSize(POOL)
                .tables(List.of("public.items", "public.history")).unscopedConstraints(UNSCOPED)
                .tenantLogins(List.of("bench_app")).build())) {
            List<Long> creates = createTenants(rls.forManagement(), "t");
            report.row("`createTenant` RLS, p50 / p99", creates);
            try (PostgresTenants tenants = rls.forTenants(app)) {
                if (ONLY.equals("sticky")) {
                    stickyRow("RLS", tenants, "t", plain);
                    stickyCeiling(tenants, app, plain);
                    return;
                }
                pointSelects("RLS", tenants, "t", ">= 0.90", plain);
                stickyCeiling(tenants, app, plain);
                roundTrips(tenants, app, plain);
            }
            new RoundTripRows(report).pointSelects("RLS", rls, app, "t");
        }
        // the same tables and tenants, now bound per transaction (set_config local, reset by the commit)
        try (Postgres rls = Postgres.withRlsIsolation(admin, RlsOptions.builder().poolSize(POOL)
                .bindingMode(BindingMode.TRANSACTION).tables(List.of("public.items", "public.history"))
                .unscopedConstraints(UNSCOPED).tenantLogins(List.of("bench_app")).build());
                PostgresTenants tenants = rls.forTenants(app)) {
            report.compare("Three-statement read-write transaction, RLS (transaction binding), random tenants", ">= 0.90",
                    random -> {
                        int t = random.nextInt(TENANTS);
                        long id = t * 1000L + random.nextInt(ROWS);
                        tenants.withConnection("t" + t, c -> readWrite(c, ReadWrite.TENANT, id, "t" + t));
                    }, random -> {
                        int t = random.nextInt(TENANTS);
                        long id = t * 1000L + random.nextInt(ROWS);
                        plainReadWrite(plain, id, "t" + t, false);
                    });
            new RoundTripRows(report).transactions(rls, app);
            // the proof for the row above: the statements Fahren sends, written by hand on the same RLS tables
            report.compare("Three-statement read-write transaction on the RLS tables, with Fahren's clearing and "
                    + "transaction binding sent with its first statement by hand (no Fahren), random tenants",
                    "ceiling of the transaction-binding row", random -> {
                        int t = random.nextInt(TENANTS);
                        byHandReadWrite(plain, t * 1000L + random.nextInt(ROWS), "t" + t);
                    }, random -> {
                        int t = random.nextInt(TENANTS);
                        plainReadWrite(plain, t * 1000L + random.nextInt(ROWS), "t" + t, false);
                    });
        }
        // the proof for the row above: the same plain transaction with one more statement, as a bind would be
        report.compare("Plain three-statement transaction plus one `set_config(..., true)` (no Fahren), random tenants",
                "ceiling of any per-transaction bind", random -> {
                    int t = random.nextInt(TENANTS);
                    plainReadWrite(plain, t * 1000L + random.nextInt(ROWS), "t" + t, true);
                }, random -> {
                    int t = random.nextInt(TENANTS);
                    plainReadWrite(plain, t * 1000L + random.nextInt(ROWS), "t" + t, false);
                });
    }

    static void plainReadWrite(HikariDataSource plain, long id, String tenant, boolean bind)
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

    /**
     * One round trip of the kind a session binding on a tenant switch is, written by hand: the
     * parts of {@code DISCARD ALL} that can share a round trip, then a custom setting by a bound
     * value. Like Fahren's, it deallocates the prepared select, which is parsed again.
     */
    static void clearAndSet(Connection c, String value) throws java.sql.SQLException {
        try (PreparedStatement p = c.prepareStatement(CLEAR_AND_SET)) {
            p.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            p.setString(1, value);
            p.execute();
        }
    }

    /**
     * What Fahren sends on a tenant switch, written by hand: in the point select's own round trip,
     * {@code SET TRANSACTION READ WRITE}, the clearing and the RLS binding, then the select on the
     * RLS table. The ceiling of the random RLS row with a piggybacked binding.
     */
    static void piggybackedRlsSelect(HikariDataSource plain, SplittableRandom random) throws java.sql.SQLException {
        int t = random.nextInt(TENANTS);
        long id = t * 1000L + random.nextInt(ROWS);
        try (Connection c = plain.getConnection(); PreparedStatement p = c.prepareStatement("SET TRANSACTION READ WRITE; "
                + "CLOSE ALL; UNLISTEN *; SELECT pg_catalog.pg_advisory_unlock_all(); DEALLOCATE ALL; DISCARD TEMP; "
                + "DISCARD SEQUENCES; RESET ALL; SELECT set_config('role', ?, false), set_config(?, ?, false); "
                + "SELECT v FROM items WHERE id = ?")) {
            p.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
            p.setString(1, RlsOptions.defaults().tenantRole());
            p.setString(2, RlsOptions.defaults().setting());
            p.setString(3, "t" + t);
            p.setLong(4, id);
            readLast(p, 9, id);
        }
    }

    /** Runs a multi-statement query and reads the row of its last statement, past the results of those before. */
    private static void readLast(PreparedStatement p, int before, long id) throws java.sql.SQLException {
        p.execute();
        for (int skipped = 0; skipped < before; skipped++) {
            p.getMoreResults();
        }
        try (ResultSet rs = p.getResultSet()) {
            if (!rs.next()) {
                throw new IllegalStateException("row " + id + " not read: the results were not skipped right, or the "
                        + "binding hid it");
            }
        }
    }

    /**
     * What Fahren sends for a read-write transaction with transaction binding, written by hand: the
     * clearing and the local binding with the update, in its round trip after pgjdbc's {@code
     * BEGIN}, then the read and the append, as the tenant, on the RLS tables (whose write check runs).
     */
    static void byHandReadWrite(HikariDataSource plain, long id, String tenant) throws java.sql.SQLException {
        try (Connection c = plain.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement p = c.prepareStatement("SET TRANSACTION READ WRITE; CLOSE ALL; UNLISTEN *; "
                        + "SELECT pg_catalog.pg_advisory_unlock_all(); DEALLOCATE ALL; DISCARD TEMP; DISCARD SEQUENCES; "
                        + "RESET ALL; SELECT set_config('role', ?, true), set_config(?, ?, true); "
                        + ReadWrite.TENANT.update())) {
                    p.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
                    p.setString(1, RlsOptions.defaults().tenantRole());
                    p.setString(2, RlsOptions.defaults().setting());
                    p.setString(3, tenant);
                    p.setLong(4, id);
                    p.execute();
                }
                try (PreparedStatement read = c.prepareStatement(ReadWrite.TENANT.read());
                        PreparedStatement append = c.prepareStatement(ReadWrite.TENANT.append())) {
                    read.setLong(1, id);
                    try (ResultSet rs = read.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("row " + id + " not read as tenant " + tenant);
                        }
                    }
                    append.setString(1, tenant);
                    append.setLong(2, id);
                    append.executeUpdate();
                }
                c.commit();
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** One round trip of the kind a tenant bind is: a custom setting, set by a bound value. */
    static void setting(Connection c, String value, boolean local) throws java.sql.SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT set_config('bench.tenant', ?, ?)")) {
            p.setString(1, value);
            p.setBoolean(2, local);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
            }
        }
    }

    /**
     * The ceiling of the sticky RLS row: plain JDBC (no Fahren) on connections bound to tenant 7
     * once, when the pool opens them, reading the RLS table; what is left is the policy's own cost.
     * Then the client's CPU time per use, Fahren's sticky checkout against those connections.
     */
    void stickyCeiling(PostgresTenants tenants, PostgresConnection app, HikariDataSource plain) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(app.url());
        config.setUsername(app.username());
        config.setPassword(app.password());
        config.setMaximumPoolSize(POOL);
        config.setMinimumIdle(POOL);
        try (HikariDataSource bound = new HikariDataSource(config)) {
            bindOnce(bound, "t7");
            report.compare("Plain point select on the RLS table, connections bound to one tenant once (no Fahren)",
                    "ceiling of the sticky row", random -> {
                        try (Connection c = bound.getConnection()) {
                            select(c, 7 * 1000L + random.nextInt(ROWS));
                        }
                    }, plainSelect(plain));
            report.compare("RLS point select, one tenant (sticky), against the same select on connections bound once "
                    + "(the row above)", "≈ 1: what Fahren adds to a sticky checkout", random -> {
                        long id = 7 * 1000L + random.nextInt(ROWS);
                        tenants.callWithConnection("t7", c -> select(c, id));
                    }, random -> {
                        try (Connection c = bound.getConnection()) {
                            select(c, 7 * 1000L + random.nextInt(ROWS));
                        }
                    });
            new ClientCpuRows(report).sticky("RLS", tenants, "t", bound);
        }
    }

    /** Binds every connection of a pool (all held at once) to the tenant, for the session, with bound values. */
    private static void bindOnce(HikariDataSource pool, String tenant) throws java.sql.SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
                Connection c = pool.getConnection();
                held.add(c);
                try (PreparedStatement p = c.prepareStatement("SELECT set_config('role', ?, false), set_config(?, ?, false)")) {
                    p.setString(1, RlsOptions.defaults().tenantRole());
                    p.setString(2, RlsOptions.defaults().setting());
                    p.setString(3, tenant);
                    p.execute();
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    /**
     * The proof behind the point-select rows: plain JDBC with the extra round trips a binding
     * needs, written by hand and without Fahren. Their ratio to plain JDBC is the ceiling of any
     * design that sends that many statements; the last row shows what Fahren adds on top.
     */
    void roundTrips(PostgresTenants tenants, PostgresConnection app, HikariDataSource plain) throws Exception {
        report.compare("Plain point select plus one round trip (a `set_config` before it; no Fahren)",
                "ceiling with a bind on every use", random -> plainSelect(plain, random, 1), random -> plainSelect(plain,
                        random, 0));
        report.compare("Plain point select plus two round trips (`set_config` before and a reset after; no Fahren)",
                "ceiling when connections go back clean", random -> plainSelect(plain, random, 2),
                random -> plainSelect(plain, random, 0));
        report.compare("Plain point select plus one round trip that clears the session and sets a setting (as a "
                + "tenant switch does; no Fahren)", "ceiling with a clearing bind on every use",
                random -> plainSelect(plain, random, CLEARING_ROUND_TRIP), random -> plainSelect(plain, random, 0));
        report.compare("Plain point select with the same clearing and setting sent in its own round trip (no Fahren)",
                "ceiling of piggybacking the clearing", random -> plainSelect(plain, random, CLEARING_PIGGYBACKED),
                random -> plainSelect(plain, random, 0));
        // its own pool: the binding it sends stays on the connections, which could then not read items_plain
        try (HikariDataSource byHand = pool(app, POOL)) {
            report.compare("Plain point select on the RLS table, with Fahren's clearing and binding sent in its round trip "
                    + "by hand (no Fahren)", "ceiling of the random RLS row", random -> piggybackedRlsSelect(byHand, random),
                    random -> plainSelect(plain, random, 0));
            fahrenAgainstByHand(tenants, byHand);
        }
    }

    /** What Fahren adds to the statements it sends on a tenant switch: the random RLS row against them written by hand. */
    private void fahrenAgainstByHand(PostgresTenants tenants, HikariDataSource byHand) throws Exception {
        report.compare("RLS point select, random tenant, against the same statements written by hand (the row above)",
                "≈ 1: Fahren adds nothing beyond what it sends", random -> {
                    int t = random.nextInt(TENANTS);
                    long id = t * 1000L + random.nextInt(ROWS);
                    tenants.callWithConnection("t" + t, c -> select(c, id));
                }, random -> piggybackedRlsSelect(byHand, random));
    }

    /** Random tenants, then one sticky tenant, against the same select without tenancy. */
    void pointSelects(String strategy, PostgresTenants tenants, String prefix, String randomTarget,
            HikariDataSource plain) throws Exception {
        report.compare(strategy + " point select, 100 tenants, random tenant", randomTarget, random -> {
            int t = random.nextInt(TENANTS);
            long id = t * 1000L + random.nextInt(ROWS);
            tenants.callWithConnection(prefix + t, c -> select(c, id));
        }, plainSelect(plain));
        stickyRow(strategy, tenants, prefix, plain);
    }

    /** One tenant (sticky) against the same select without tenancy. */
    void stickyRow(String strategy, PostgresTenants tenants, String prefix, HikariDataSource plain) throws Exception {
        report.compare(strategy + " point select, one tenant (sticky)", ">= 0.97", random -> {
            long id = 7 * 1000L + random.nextInt(ROWS);
            tenants.callWithConnection(prefix + 7, c -> select(c, id));
        }, plainSelect(plain));
    }

    /** The pgbench-like statements, on the tenant tables or on their plain copies. */
    record ReadWrite(String update, String read, String append) {
        static final ReadWrite TENANT = new ReadWrite("UPDATE items SET v = md5(v) WHERE id = ?",
                "SELECT v FROM items WHERE id = ?", "INSERT INTO history (tenant_id, item, v) VALUES (?, ?, 'x')");
        static final ReadWrite PLAIN = new ReadWrite("UPDATE items_plain SET v = md5(v) WHERE id = ?",
                "SELECT v FROM items_plain WHERE id = ?",
                "INSERT INTO history_plain (tenant_id, item, v) VALUES (?, ?, 'x')");
    }

    /** pgbench-like: update a row, read it back, append to a history table. */
    static void readWrite(Connection c, ReadWrite sql, long id, String tenant) throws java.sql.SQLException {
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

    static List<Long> createTenants(PostgresManagement management, String prefix) {
        List<Long> nanos = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            long start = System.nanoTime();
            management.createTenant(prefix + t);
            nanos.add(System.nanoTime() - start);
        }
        return nanos;
    }
}
