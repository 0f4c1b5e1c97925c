package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.TenantId;
import io.fahren.spi.TenantRegistry;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithRedis;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The lifecycle lock of the Redis registry is a renewed lease: a live holder keeps it for as long
 * as its step runs, however much longer than the lease that is, and releases it at the end. (That
 * a crashed holder's lock runs out after one lease is {@link CreateCrashTest}'s business.)
 */
@WithRedis
class RegistryLockTest {

    @Test
    void aLiveHolderKeepsTheLockPastItsLeaseAndOthersWait(RedisKeyspace keyspace) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        RedisConnection admin = RedisConnection.of(keyspace.uri(), keyspace.server().adminUser(),
                keyspace.server().adminPassword());
        Duration lease = Duration.ofMillis(600);
        RedisOptions options = RedisOptions.builder().registryKey("fahren:lock:" + run).registryLockLease(lease)
                .tenantsPassword("shared-tenants-password-for-lock-tests-0123456789").build();
        TenantId tenant = TenantId.of("locked");
        try (Redis holder = Redis.withPrefixIsolation(admin, options);
                Redis other = Redis.withPrefixIsolation(admin, options)) {
            CompletableFuture<Long> waited;
            try (TenantRegistry.Lock lock = holder.registry().lock(tenant)) {
                waited = CompletableFuture.supplyAsync(() -> {
                    long start = System.nanoTime();
                    try (TenantRegistry.Lock second = other.registry().lock(tenant)) {
                        return (System.nanoTime() - start) / 1_000_000;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(lease.toMillis() * 4);
                assertThat(waited).as("another process must not get the lock while its holder lives").isNotDone();
                try (Jedis jedis = keyspace.connect()) {
                    assertThat(jedis.pttl("fahren:lock:" + run + ":lock:locked")).as("renewed lease")
                            .isPositive().isLessThanOrEqualTo(lease.toMillis());
                }
            }
            assertThat(waited.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(lease.toMillis() * 4);
            try (Jedis jedis = keyspace.connect()) {
                assertThat(jedis.exists("fahren:lock:" + run + ":lock:locked")).as("released").isFalse();
            }
        }
    }
}
