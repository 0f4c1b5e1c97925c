package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.postgres.impl.database.DatabaseStrategy;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 database tenants used at random by 8 threads, with at most 20 server connections and 50 open
 * tenant pools: PostgreSQL's own pg_stat_activity, sampled throughout, never shows more than 20.
 */
@WithPostgres
class DatabasePoolCapTest {

    private static final int TENANTS = 200;
    private static final int CAP = 20;

    @TempDir
    Path dir;

    @Test
    void serverConnectionsNeverExceedTheCap(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 4);
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("s.json")), TenantSecrets.DEFAULT_PATTERN);
        DatabaseOptions options = DatabaseOptions.builder().revokePublicConnect(true).prefix("cap_").maxConnections(CAP).maxTenants(50)
                .tenantPoolSize(3).connectionTimeout(Duration.ofSeconds(20)).registrySchema("fahren_cap").build();
        try (Postgres databases = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets, options)) {
            PostgresManagement management = databases.forManagement();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < TENANTS; i++) {
                ids.add("c" + i + "-" + run);
                management.createTenant(ids.get(i));
            }
            PostgresTenants tenants = databases.forTenants();
            AtomicInteger peak = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread monitor = new Thread(() -> sample(db, peak, running));
            monitor.start();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicInteger queries = new AtomicInteger();
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    workers.add(pool.submit(() -> {
                        for (int i = 0; i < 150; i++) {
                            String tenant = ids.get(ThreadLocalRandom.current().nextInt(TENANTS));
                            Object database = tenants.queryAs(tenant, "SELECT current_database() AS d, pg_sleep(0.002)")
                                    .get(0).get("d");
                            assertThat(database).isEqualTo("cap_" + tenant);
                            queries.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get(10, TimeUnit.MINUTES);
                }
            } finally {
                running.set(false);
                monitor.join();
                pool.shutdownNow();
            }
            int openPools = ((DatabaseStrategyAccess) () -> databases).pools();
            System.out.printf("Database pool cap: %d queries over %d tenants, peak %d server connections (cap %d), "
                    + "%d tenant pools open (max 50)%n", queries.get(), TENANTS, peak.get(), CAP, openPools);
            assertThat(queries.get()).isEqualTo(8 * 150);
            assertThat(peak.get()).isPositive().isLessThanOrEqualTo(CAP);
            assertThat(openPools).isLessThanOrEqualTo(50);
            for (String id : ids) {
                management.deleteTenant(id);
            }
        }
    }

    @Test
    void anIdleTenantPoolIsClosedAndReopensOnDemand(PostgresDatabase db) throws Exception {
        String tenant = "idle-" + UUID.randomUUID().toString().substring(0, 6);
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("idle.json")), TenantSecrets.DEFAULT_PATTERN);
        DatabaseOptions options = DatabaseOptions.builder().revokePublicConnect(true).prefix("idl_").idleTimeout(Duration.ofSeconds(10))
                .registrySchema("fahren_idle").build();
        try (Postgres databases = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets, options)) {
            databases.forManagement().createTenant(tenant);
            PostgresTenants tenants = databases.forTenants();
            tenants.queryAs(tenant, "SELECT 1");
            DatabaseStrategyAccess access = () -> databases;
            assertThat(access.pools()).isEqualTo(1);

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (access.pools() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }

            assertThat(access.pools()).as("the idle pool was closed").isZero();
            assertThat(tenants.queryAs(tenant, "SELECT current_database() AS d").get(0)).containsEntry("d", "idl_" + tenant);
            assertThat(access.pools()).isEqualTo(1);
            databases.forManagement().deleteTenant(tenant);
        }
    }

    /** Reads the number of open tenant pools through the strategy. */
    @FunctionalInterface
    private interface DatabaseStrategyAccess {
        Postgres postgres();

        default int pools() {
            return ((DatabaseStrategy) postgres().strategy()).pools().openPools();
        }
    }

    private static void sample(PostgresDatabase db, AtomicInteger peak, AtomicBoolean running) {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE usename LIKE 'cap\\_%'")) {
            while (running.get()) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    peak.accumulateAndGet(rs.getInt(1), Math::max);
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
