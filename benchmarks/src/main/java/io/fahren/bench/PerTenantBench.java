package io.fahren.bench;

import static io.fahren.bench.Benchmarks.MANY;
import static io.fahren.bench.Benchmarks.MAX_CONNECTIONS;
import static io.fahren.bench.Benchmarks.POOL;
import static io.fahren.bench.Benchmarks.ROWS;
import static io.fahren.bench.Benchmarks.SCHEMA_TABLES;
import static io.fahren.bench.Benchmarks.TENANTS;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.SchemaOptions;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresTestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/** The schema-per-tenant and database-per-tenant rows. */
final class PerTenantBench {

    private final Benchmarks report;

    PerTenantBench(Benchmarks report) {
        this.report = report;
    }

    void schema(PostgresConnection admin, PostgresConnection app, HikariDataSource plain) throws Exception {
        try (Postgres schema = Postgres.withSchemaIsolation(admin, SchemaOptions.builder().schemaPrefix("bs_")
                .rolePrefix("bs_").poolSize(POOL).registrySchema("fahren_bs").tenantLogins(List.of("bench_app"))
                .build())) {
            List<Long> creates = PostgresBench.createTenants(schema.forManagement(), "s");
            report.row("`createTenant` schema (empty), p50 / p99", creates);
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
                if (Benchmarks.ONLY.equals("sticky")) {
                    new PostgresBench(report).stickyRow("Schema", tenants, "s", plain);
                    return;
                }
                new PostgresBench(report).pointSelects("Schema", tenants, "s", ">= 0.85", plain);
                new RoundTripRows(report).pointSelects("Schema", schema, app, "s");
                List<Long> withTables = new ArrayList<>();
                for (int t = 0; t < TENANTS / 2; t++) {
                    long start = System.nanoTime();
                    schema.forManagement().createTenant("w" + t);
                    tenants.withConnection("w" + t, PerTenantBench::createTables);
                    withTables.add(System.nanoTime() - start);
                }
                report.row("`createTenant` schema, then " + SCHEMA_TABLES + " tables created in it (one transaction), "
                        + "p50 / p99 (" + TENANTS / 2 + " tenants)", withTables);
            }
        }
    }

    /** What a migration of a small application does in a new tenant schema. */
    static void createTables(Connection c) throws java.sql.SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < SCHEMA_TABLES; i++) {
                // fixed texts: the table names are constants of this benchmark, never input
                s.execute(TABLE_DDL[i]);
            }
        }
        c.commit();
    }

    static final String[] TABLE_DDL = java.util.stream.IntStream.range(0, SCHEMA_TABLES)
            .mapToObj(i -> "CREATE TABLE table_" + i + " (id bigserial PRIMARY KEY, name text NOT NULL, "
                    + "amount numeric(12, 2), created timestamptz NOT NULL DEFAULT now(), ref bigint)")
            .toArray(String[]::new);

    /**
     * Database per tenant: {@link #MANY} databases made from a template, random tenants under a
     * cap of {@link #MAX_CONNECTIONS} server connections, sampled on the server all along.
     */
    void databases(PostgresTestServer pg, PostgresConnection admin, HikariDataSource plain, Path dir)
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
            report.row("`createTenant` database from a template (one table, 100 rows), p50 / p99 (" + MANY + " tenants)",
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
                    report.compare("Database per tenant, " + MANY + " tenants, random tenant, max-connections="
                            + MAX_CONNECTIONS + ", max-tenants=" + options.maxTenants() + " (baseline: one database, "
                            + "a plain pool of " + MAX_CONNECTIONS + ")", "report", random -> {
                                int t = random.nextInt(MANY);
                                long id = random.nextInt(ROWS);
                                tenants.callWithConnection("d" + t, c -> PostgresBench.select(c, id));
                            }, PostgresBench.plainSelect(plain));
                }
                report.line(String.format(Locale.ROOT, "| Database per tenant: server connections of tenant logins "
                        + "during the row above | peak %d; %d of %d samples above %d | – | – | 0 above %d |",
                        sampler.peak(), sampler.above(), sampler.samples(), MAX_CONNECTIONS, MAX_CONNECTIONS));
            }
            List<Long> deletes = new ArrayList<>();
            for (int t = 0; t < MANY; t++) {
                long start = System.nanoTime();
                management.deleteTenant("d" + t);
                deletes.add(System.nanoTime() - start);
            }
            report.row("`deleteTenant` database, p50 / p99 (" + MANY + " tenants)", deletes);
        }
    }
}
