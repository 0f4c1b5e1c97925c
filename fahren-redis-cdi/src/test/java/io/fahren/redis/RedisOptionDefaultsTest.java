package io.fahren.redis;

import static io.fahren.redis.impl.config.RedisConfigKey.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code RedisOptions} and the CDI loader take every default from {@code RedisConfigKey}, the one
 * place a default is written (and documented, in docs/configuration.md).
 */
class RedisOptionDefaultsTest {

    @Test
    void redisOptionsDefaultToTheDocumentedKeys() {
        RedisOptions redis = RedisOptions.defaults();
        assertThat(redis.keyPrefix()).isEqualTo(KEY_PREFIX.defaultValue());
        assertThat(redis.tenantsUser()).isEqualTo(PREFIX_USER.defaultValue());
        assertThat(redis.aclUserPrefix()).isEqualTo(ACL_USER_PREFIX.defaultValue());
        assertThat(redis.requirePersistence()).isEqualTo(Boolean.parseBoolean(ACL_REQUIRE_PERSISTENCE.defaultValue()));
        assertThat(redis.allowDangerousCommands()).isEqualTo(Boolean.parseBoolean(ACL_ALLOW_DANGEROUS.defaultValue()));
        assertThat(redis.autoSetup()).isEqualTo(Boolean.parseBoolean(PREFIX_AUTO_SETUP.defaultValue()));
        assertThat(redis.sharedConnections()).isEqualTo(Boolean.parseBoolean(ACL_SHARED_CONNECTIONS.defaultValue()));
        assertThat(redis.poolSize()).isEqualTo(Integer.parseInt(POOL_SIZE.defaultValue()));
        assertThat(redis.maxTenants()).isEqualTo(Integer.parseInt(POOL_MAX_TENANTS.defaultValue()));
        assertThat(redis.idleTimeout()).isEqualTo(Duration.ofSeconds(Long.parseLong(POOL_IDLE_TIMEOUT.defaultValue())));
        assertThat(redis.registryKey()).isEqualTo(REGISTRY_KEY.defaultValue());
        assertThat(redis.registryLockLease())
                .isEqualTo(Duration.ofSeconds(Long.parseLong(REGISTRY_LOCK_LEASE.defaultValue())));
        assertThat(redis.registryReader()).isEqualTo(REGISTRY_READER_USER.defaultValue());
    }
}
