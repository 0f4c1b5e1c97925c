package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One pooled connection shared by 8 threads, 2,000 transactions each, each as a random tenant out
 * of 20: every transaction must see its own tenant's rows and nothing else.
 */
@WithPostgres
class RlsLeakTest {

    private static final int TENANTS = 20;
    private static final int THREADS = 8;
    private static final int TRANSACTIONS = 2_000;

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void noTransactionEverSeesAnotherTenantsRows(BindingMode mode, PostgresDatabase db) throws Exception {
        String table = "leak_" + mode.name().toLowerCase();
        PgFixture.execute(db, "CREATE TABLE " + table + " (tenant_id text NOT NULL, marker text NOT NULL)");
        PostgresConnection app = PgFixture.newLogin(db, "leak", "NOSUPERUSER NOBYPASSRLS");
        RlsOptions options = RlsOptions.builder().autoSetup(true).poolSize(1).bindingMode(mode)
                .tables(List.of("public." + table)).policyName("fahren_" + table)
                .grantTenantRoleTo(List.of(app.username())).build();
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            PostgresManagement management = rls.forManagement();
            for (int t = 0; t < TENANTS; t++) {
                management.createTenant("t" + t + "-" + mode.name().toLowerCase());
            }
            try (PostgresTenants tenants = rls.forTenants(app)) {
                for (int t = 0; t < TENANTS; t++) {
                    String tenant = "t" + t + "-" + mode.name().toLowerCase();
                    tenants.updateAs(tenant, "INSERT INTO " + table + " VALUES (?, ?), (?, ?)", tenant, tenant, tenant, tenant);
                }
                hammer(tenants, table, mode);
            }
        }
    }

    private static void hammer(PostgresTenants tenants, String table, BindingMode mode) throws Exception {
        AtomicLong violations = new AtomicLong();
        AtomicLong checked = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < THREADS; w++) {
                workers.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < TRANSACTIONS; i++) {
                        String tenant = "t" + ThreadLocalRandom.current().nextInt(TENANTS) + "-" + mode.name().toLowerCase();
                        List<String> markers = tenants.callWithConnection(tenant, c -> markers(c, table));
                        checked.incrementAndGet();
                        if (markers.size() != 2 || !markers.stream().allMatch(tenant::equals)) {
                            violations.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("RLS leak test (%s): %d transactions checked, %d violations%n", mode, checked.get(),
                violations.get());
        assertThat(checked.get()).isEqualTo((long) THREADS * TRANSACTIONS);
        assertThat(violations.get()).isZero();
    }

    private static List<String> markers(java.sql.Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT marker FROM " + table); ResultSet rs = s.executeQuery()) {
            List<String> markers = new ArrayList<>();
            while (rs.next()) {
                markers.add(rs.getString(1));
            }
            return markers;
        }
    }
}
