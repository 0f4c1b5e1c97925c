package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.postgres.impl.Pools;
import io.fahren.spi.TenantRegistry;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle lock of the PostgreSQL registry: a second create or delete of the same tenant
 * waits for the first, but not forever. (That the server frees the lock of a process that died
 * holding it is {@link CreateCrashTest}'s business.)
 */
@WithPostgres
class PostgresRegistryLockTest {

    @Test
    void aSecondLockWaitsForTheFirstThenGivesUpClearlyAfterItsLockWait(PostgresDatabase db) throws Exception {
        TenantId tenant = TenantId.of("locked");
        try (HikariDataSource pool = Pools.open(PgFixture.admin(db), 4, "registry-lock-test", BindingMode.SESSION)) {
            PostgresTenantRegistry holder = new PostgresTenantRegistry(pool, pool, "fahren_lock_test");
            PostgresTenantRegistry other = new PostgresTenantRegistry(pool, pool, "fahren_lock_test",
                    Duration.ofSeconds(1));
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
