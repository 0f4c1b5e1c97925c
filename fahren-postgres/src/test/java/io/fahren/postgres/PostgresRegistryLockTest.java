package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.postgres.impl.pool.Pools;
import io.fahren.spi.TenantRegistry;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lifecycle lock of the PostgreSQL registry: a second create or delete of the same tenant
 * waits for the first, but not forever; directly and through PgBouncer in both pool modes (the
 * lock is a transaction, so an unlock can never land on another server session). (That the server
 * frees the lock of a process that died holding it is {@link CreateCrashTest}'s business.)
 */
@WithPostgres
class PostgresRegistryLockTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.fahren.postgres.Topology#all")
    void aSecondLockWaitsForTheFirstThenGivesUpClearlyAfterItsLockWait(Topology topology, PostgresDatabase db)
            throws Exception {
        TenantId tenant = TenantId.of("locked");
        String schema = "fahren_lock_" + Math.abs(topology.hashCode() % 1000);
        try (HikariDataSource pool = Pools.open(topology.through(db, PgFixture.admin(db)), 4, "registry-lock-test",
                topology.mode())) {
            PostgresTenantRegistry holder = new PostgresTenantRegistry(pool, pool, schema);
            PostgresTenantRegistry other = new PostgresTenantRegistry(pool, pool, schema, Duration.ofSeconds(1));
            try (TenantRegistry.Lock lock = holder.lock(tenant)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> other.lock(tenant)).isInstanceOf(FahrenException.class)
                        .hasMessageContaining("Tenant 'locked' has been locked by another createTenant or deleteTenant "
                                + "for more than 1 s")
                        .hasMessageContaining("call again");
                assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
                try (TenantRegistry.Lock elsewhere = other.lock(TenantId.of("not-locked"))) {
                    assertThat(elsewhere).isNotNull(); // other tenants are not held up
                }
            }
            long start = System.nanoTime();
            try (TenantRegistry.Lock second = other.lock(tenant)) {
                assertThat((System.nanoTime() - start) / 1_000_000).as("free again at once").isLessThan(1000);
            }
            assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("no lock connection kept").isZero();
        }
    }
}
