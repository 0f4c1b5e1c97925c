package io.fahren.bench;

import static io.fahren.bench.Benchmarks.ROWS;
import static io.fahren.bench.Benchmarks.TENANTS;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresTenants;
import java.util.Locale;

/**
 * Round trips per use, counted by a {@link RoundTripProxy} between the pools and the server: the
 * measure issue 17 asks for next to the throughput ratios. One thread, so every counted round
 * trip belongs to the operation measured (the pools' own housekeeping included, as in use).
 */
final class RoundTripRows {

    private static final int OPERATIONS = 2000;

    private final Benchmarks report;

    RoundTripRows(Benchmarks report) {
        this.report = report;
    }

    /**
     * @param strategy the row's name
     * @param postgres the strategy
     * @param app the tenants-side login
     * @param prefix the prefix of the benchmark's tenant ids
     */
    void pointSelects(String strategy, Postgres postgres, PostgresConnection app, String prefix) throws Exception {
        try (RoundTripProxy proxy = new RoundTripProxy(app.url())) {
            PostgresConnection proxied = PostgresConnection.of(proxy.url(app.url()), app.username(), app.password());
            try (PostgresTenants tenants = postgres.forTenants(proxied);
                    HikariDataSource plain = PostgresBench.pool(proxied, 1)) {
                double random = perOperation(proxy, i -> {
                    long id = (i % TENANTS) * 1000L + i % ROWS;
                    tenants.callWithConnection(prefix + (i % TENANTS), c -> PostgresBench.select(c, id));
                });
                double sticky = perOperation(proxy, i -> {
                    long id = 7 * 1000L + i % ROWS;
                    tenants.callWithConnection(prefix + 7, c -> PostgresBench.select(c, id));
                });
                double baseline = perOperation(proxy, i -> {
                    try (var c = plain.getConnection();
                            var p = c.prepareStatement("SELECT v FROM items_plain WHERE id = ?")) {
                        p.setLong(1, (i % TENANTS) * 1000L + i % ROWS);
                        try (var rs = p.executeQuery()) {
                            rs.next();
                        }
                    }
                });
                report.line(String.format(Locale.ROOT, "| %s point select: round trips per use, random / sticky "
                        + "tenant | %.2f / %.2f | %.2f (plain) | – | issue 17: as plain |", strategy, random, sticky,
                        baseline));
            }
        }
    }

    /**
     * The three-statement read-write transaction with transaction binding, against the same plain
     * transaction.
     *
     * @param postgres an RLS strategy with transaction binding
     * @param app the tenants-side login
     */
    void transactions(Postgres postgres, PostgresConnection app) throws Exception {
        try (RoundTripProxy proxy = new RoundTripProxy(app.url())) {
            PostgresConnection proxied = PostgresConnection.of(proxy.url(app.url()), app.username(), app.password());
            try (PostgresTenants tenants = postgres.forTenants(proxied);
                    HikariDataSource plain = PostgresBench.pool(proxied, 1)) {
                double bound = perOperation(proxy, i -> {
                    String tenant = "t" + i % TENANTS;
                    long id = (i % TENANTS) * 1000L + i % ROWS;
                    tenants.withConnection(tenant, c -> PostgresBench.readWrite(c, PostgresBench.ReadWrite.TENANT, id, tenant));
                });
                double baseline = perOperation(proxy, i -> PostgresBench.plainReadWrite(plain,
                        (i % TENANTS) * 1000L + i % ROWS, "t" + i % TENANTS, false));
                report.line(String.format(Locale.ROOT, "| Three-statement read-write transaction, RLS (transaction "
                        + "binding): round trips per use | %.2f | %.2f (plain) | – | – |", bound, baseline));
            }
        }
    }

    @FunctionalInterface
    private interface Operation {
        void run(int i) throws Exception;
    }

    private static double perOperation(RoundTripProxy proxy, Operation operation) throws Exception {
        for (int i = 0; i < 200; i++) {
            operation.run(i); // warm: pools filled, statements prepared
        }
        proxy.reset();
        for (int i = 0; i < OPERATIONS; i++) {
            operation.run(i);
        }
        return proxy.roundTrips() / (double) OPERATIONS;
    }
}
