package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.testing.FaultLoad;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.ServerSource;
import io.fahren.testing.TestServers;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Fault injection: PostgreSQL restarts while 4 threads insert as random RLS tenants through a
 * shared pool of 2. Every committed insert must be there afterwards, failed ones fail with an
 * exception, the pool recovers without a new {@link Postgres}, and no pooled connection carries a
 * tenant afterwards.
 */
@WithPostgres
class PostgresRestartUnderLoadTest {

    private static final int TENANTS = 4;

    @Test
    void committedWritesSurviveARestartAndNoConnectionKeepsATenant(PostgresDatabase db) throws Exception {
        assumeTrue(TestServers.postgres().source() != ServerSource.EXTERNAL,
                "an external PostgreSQL is never restarted by tests");
        PgFixture.execute(db, "CREATE TABLE writes (id text NOT NULL, tenant_id text NOT NULL, PRIMARY KEY (tenant_id, id))");
        PostgresConnection app = PgFixture.newLogin(db, "rapp", "NOSUPERUSER NOBYPASSRLS");
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), RlsOptions.builder().autoSetup(true)
                .poolSize(2).tenantRole("restart_tenant").registrySchema("fahren_restart")
                .tenantLogins(List.of(app.username())).build())) {
            PostgresManagement management = rls.forManagement();
            List<String> tenants = new ArrayList<>();
            for (int t = 0; t < TENANTS; t++) {
                tenants.add("r" + t);
                management.createTenant("r" + t);
            }
            try (PostgresTenants side = rls.forTenants(app)) {
                FaultLoad.Result result = FaultLoad.run(4, Duration.ofMillis(700), TestServers.postgres()::restart,
                        Duration.ofMillis(2500), RuntimeException.class, (worker, n, random) -> {
                            String tenant = tenants.get(random.nextInt(TENANTS));
                            String id = "w" + worker + "-" + n;
                            side.updateAs(tenant, "INSERT INTO writes (id, tenant_id) VALUES (?, ?)", id, tenant);
                            return new FaultLoad.Ack(id, tenant);
                        });
                Map<String, String> committed = result.acknowledged();
                Map<String, String> stored = new ConcurrentHashMap<>();
                try (Connection c = db.connect(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT id, tenant_id FROM writes")) {
                    while (rs.next()) {
                        stored.put(rs.getString(1), rs.getString(2));
                    }
                }
                long lost = committed.entrySet().stream().filter(e -> !e.getValue().equals(stored.get(e.getKey())))
                        .count();
                System.out.printf("PostgreSQL restart under load (RLS, pool of 2): %d inserts committed, %d lost, "
                        + "%d committed after the restart, %d failed (%s)%n", committed.size(), lost,
                        result.acknowledgedAfterFault(), result.failures().size(), result.failureKinds());
                assertThat(lost).isZero();
                assertThat(committed).isNotEmpty();
                assertThat(result.acknowledgedAfterFault()).as("the pool recovered without a new Postgres").isPositive();
                // every connection of the pool, taken directly: no transaction left open, and bound to
                // nothing or to one of the tenants (a connection rests bound to its last tenant)
                PoolAccess.assertResting(side, tenants.toArray(String[]::new));
                // and each tenant still sees only its own rows
                for (String tenant : tenants) {
                    assertThat(side.queryAs(tenant, "SELECT DISTINCT tenant_id FROM writes"))
                            .allSatisfy(row -> assertThat(row).containsEntry("tenant_id", tenant));
                }
            }
        }
    }
}
