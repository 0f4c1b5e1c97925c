package io.fahren.bench;

import static io.fahren.bench.Benchmarks.MANY;
import static io.fahren.bench.Benchmarks.MAX_CONNECTIONS;
import static io.fahren.bench.Benchmarks.ROWS;

import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.TenantPlacement;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.TenantServers;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.TestServers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Database per tenant on 3 servers against one: {@link #MANY} tenants each way, random tenants,
 * the same total cap of {@link #MAX_CONNECTIONS} connections (a third of it per server on the 3),
 * each server's tenant connections sampled all along. Three servers on one machine share its
 * cores, so the row measures what placing and routing cost, not what more machines would give.
 */
final class ServersBench {

    private static final int SERVERS = 3;

    private final Benchmarks report;

    ServersBench(Benchmarks report) {
        this.report = report;
    }

    void servers(Path dir) throws Exception {
        List<PostgresTestServer> servers = new ArrayList<>();
        for (int i = 0; i < SERVERS; i++) {
            PostgresTestServer server = TestServers.newPostgres();
            template(server);
            servers.add(server);
        }
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("servers-secrets.json")),
                TenantSecrets.DEFAULT_PATTERN);
        int perServer = MAX_CONNECTIONS / SERVERS;
        List<TenantServer> spread = new ArrayList<>();
        for (int i = 0; i < SERVERS; i++) {
            spread.add(new TenantServer("s" + i, login(servers.get(i)), 1, 0, perServer));
        }
        DatabaseOptions three = DatabaseOptions.builder().revokePublicConnect(true).prefix("b3_").template("bench_tpl")
                .maxConnections(MAX_CONNECTIONS).registrySchema("fahren_b3").build();
        DatabaseOptions one = DatabaseOptions.builder().revokePublicConnect(true).prefix("b1_").template("bench_tpl")
                .maxConnections(MAX_CONNECTIONS).registrySchema("fahren_b1").build();
        try (Postgres onThree = Postgres.withDatabaseIsolation(login(servers.get(0)), secrets, three,
                TenantServers.of(spread, TenantPlacement.fewestTenants()));
                Postgres onOne = Postgres.withDatabaseIsolation(login(servers.get(0)), secrets, one)) {
            for (int t = 0; t < MANY; t++) {
                onThree.forManagement().createTenant("x" + t);
                onOne.forManagement().createTenant("y" + t);
            }
            List<Sampler> samplers = new ArrayList<>();
            List<Connection> counters = new ArrayList<>();
            try (PostgresTenants threeTenants = onThree.forTenants(); PostgresTenants oneTenants = onOne.forTenants()) {
                for (PostgresTestServer server : servers) {
                    Connection count = server.connect("postgres");
                    counters.add(count);
                    PreparedStatement connections = count.prepareStatement(
                            "SELECT count(*) FROM pg_stat_activity WHERE starts_with(usename, 'b3_')");
                    samplers.add(new Sampler(perServer, () -> {
                        try (ResultSet rs = connections.executeQuery()) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    }));
                }
                report.compare("Database per tenant on " + SERVERS + " servers (max-connections " + perServer + " each), "
                        + MANY + " tenants, random tenant, total max-connections=" + MAX_CONNECTIONS + " (baseline: "
                        + MANY + " tenants on one server, the same total cap)", "report", random -> {
                            long id = random.nextInt(ROWS);
                            threeTenants.callWithConnection("x" + random.nextInt(MANY), c -> PostgresBench.select(c, id));
                        }, random -> {
                            long id = random.nextInt(ROWS);
                            oneTenants.callWithConnection("y" + random.nextInt(MANY), c -> PostgresBench.select(c, id));
                        });
            } finally {
                for (Sampler sampler : samplers) {
                    sampler.close();
                }
                for (Connection c : counters) {
                    c.close();
                }
            }
            for (int i = 0; i < SERVERS; i++) {
                Sampler sampler = samplers.get(i);
                report.line(String.format(Locale.ROOT, "| Database per tenant on %d servers: tenant connections on "
                        + "server s%d during the row above | peak %d; %d of %d samples above %d | – | – | 0 above %d |",
                        SERVERS, i, sampler.peak(), sampler.above(), sampler.samples(), perServer, perServer));
            }
            for (int t = 0; t < MANY; t++) {
                onThree.forManagement().deleteTenant("x" + t);
                onOne.forManagement().deleteTenant("y" + t);
            }
        } finally {
            servers.forEach(PostgresTestServer::stop);
        }
    }

    /**
     * Schema per tenant with a shared pool on {@code count} servers (a shared pool per server, each
     * checkout routed by the tenant's server) against the same tenants' schemas on one server with
     * one shared pool of the same size as each of the others: with one server listed, what routing
     * adds to a checkout; with two, what the topology gives on this machine.
     *
     * @param count how many servers tenants are placed on
     */
    void sharedSchemas(int count) throws Exception {
        int tenants = 100;
        List<PostgresTestServer> servers = new ArrayList<>();
        String app = "bench_app";
        for (int i = 0; i < count; i++) {
            PostgresTestServer server = TestServers.newPostgres();
            try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + app + " LOGIN PASSWORD '" + Benchmarks.APP_PASSWORD + "'");
            }
            servers.add(server);
        }
        List<TenantServer> spread = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spread.add(TenantServer.of("s" + i, login(servers.get(i))));
        }
        io.fahren.postgres.SchemaOptions two = io.fahren.postgres.SchemaOptions.builder().schemaPrefix("p2_")
                .rolePrefix("p2_").tenantLogins(List.of(app)).poolSize(Benchmarks.POOL).registrySchema("fahren_p2").build();
        io.fahren.postgres.SchemaOptions one = io.fahren.postgres.SchemaOptions.builder().schemaPrefix("p1_")
                .rolePrefix("p1_").tenantLogins(List.of(app)).poolSize(Benchmarks.POOL).registrySchema("fahren_p1").build();
        PostgresConnection appLogin = PostgresConnection.of(servers.get(0).jdbcUrl("postgres"), app, Benchmarks.APP_PASSWORD);
        try (Postgres onTwo = Postgres.withSchemaIsolation(login(servers.get(0)), two, null,
                TenantServers.of(spread, TenantPlacement.fewestTenants()));
                Postgres onOne = Postgres.withSchemaIsolation(login(servers.get(0)), one);
                PostgresTenants twoTenants = onTwo.forTenants(appLogin);
                PostgresTenants oneTenants = onOne.forTenants(appLogin)) {
            for (int t = 0; t < tenants; t++) {
                withItems(onTwo, twoTenants, "x" + t);
                withItems(onOne, oneTenants, "y" + t);
            }
            report.compare("Schema per tenant, shared pool, on " + count + " server" + (count == 1 ? "" : "s")
                    + " listed in fahren.postgres.servers (a pool of " + Benchmarks.POOL
                    + " per server, each checkout routed by the tenant's server), " + tenants + " tenants, random tenant "
                    + "(baseline: the same on one server, one pool of " + Benchmarks.POOL + ")", "report", random -> {
                        long id = random.nextInt(ROWS);
                        twoTenants.callWithConnection("x" + random.nextInt(tenants), c -> PostgresBench.select(c, id));
                    }, random -> {
                        long id = random.nextInt(ROWS);
                        oneTenants.callWithConnection("y" + random.nextInt(tenants), c -> PostgresBench.select(c, id));
                    });
            for (int t = 0; t < tenants; t++) {
                onTwo.forManagement().deleteTenant("x" + t);
                onOne.forManagement().deleteTenant("y" + t);
            }
        } finally {
            servers.forEach(PostgresTestServer::stop);
        }
    }

    /** Creates the tenant, with a table of {@link Benchmarks#ROWS} rows in its schema. */
    private static void withItems(Postgres postgres, PostgresTenants tenants, String tenant) {
        postgres.forManagement().createTenant(tenant);
        tenants.withConnection(tenant, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id bigint PRIMARY KEY, v text NOT NULL)");
                s.execute("INSERT INTO items SELECT r, md5(r::text) FROM generate_series(0, " + (ROWS - 1) + ") r");
            }
        });
    }

    private static PostgresConnection login(PostgresTestServer server) {
        return PostgresConnection.of(server.jdbcUrl("postgres"), server.adminUser(), server.adminPassword());
    }

    /** The template every tenant database is made from: one table of {@link Benchmarks#ROWS} rows. */
    private static void template(PostgresTestServer server) throws Exception {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE bench_tpl");
        }
        try (Connection c = server.connect("bench_tpl"); Statement s = c.createStatement();
                PreparedStatement fill = c.prepareStatement(
                        "INSERT INTO items SELECT r, md5(r::text) FROM generate_series(0, ?) r")) {
            s.execute("CREATE TABLE items (id bigint PRIMARY KEY, v text NOT NULL)");
            fill.setInt(1, ROWS - 1);
            fill.executeUpdate();
            s.execute("VACUUM ANALYZE items");
        }
    }
}
