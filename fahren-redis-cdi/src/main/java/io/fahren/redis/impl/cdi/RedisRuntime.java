package io.fahren.redis.impl.cdi;

import io.fahren.internal.Exclusive;
import io.fahren.internal.ActiveTenantCheck;
import io.fahren.redis.Redis;
import io.fahren.redis.RedisTenants;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Owns the configured {@link Redis} and its tenants side, opened on first use and closed with the
 * application. The tenants side accepts the tenants ACTIVE in the application's registry.
 *
 * <p>Application scoped; the scope is added by {@link RedisExtension}.
 */
public class RedisRuntime {

    private final Exclusive lock = new Exclusive();

    @Inject
    RedisExtension extension;

    @Inject
    Instance<TenantSecrets> secrets;

    @Inject
    ActiveTenantCheck active;

    private Redis redis;
    private RedisTenants tenants;
    private TenantRegistry lookup;

    Redis redis() {
        return lock.call(() -> {
            if (redis == null) {
                redis = extension.settings().open(secrets::get);
            }
            return redis;
        });
    }

    RedisTenants tenants() {
        return lock.call(() -> {
            if (tenants == null) {
                RedisSettings settings = extension.settings();
                tenants = settings.tenantsOnly() ? settings.openTenantsOnly(secrets::get, active::require)
                        : redis().forTenants(active::require);
            }
            return tenants;
        });
    }

    /**
     * @return the registry in Redis: the management login's, or in a tenants-only service the
     *         registry reader's one-tenant look-up
     */
    TenantRegistry registry() {
        return lock.call(() -> {
            RedisSettings settings = extension.settings();
            if (!settings.tenantsOnly()) {
                return redis().registry();
            }
            if (lookup == null) {
                lookup = Redis.registryLookup(settings.admin(), settings.options());
            }
            return lookup;
        });
    }

    /** @return the tenants side if something has used it, else null: a health check never opens it */
    RedisTenants peekTenants() {
        return lock.call(() -> tenants);
    }

    @PreDestroy
    void close() {
        lock.run(() -> {
            if (tenants != null && extension.settings().tenantsOnly()) {
                tenants.close();
            }
            if (lookup instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Closing the Redis registry look-up failed", e);
                }
            }
            if (redis != null) {
                redis.close();
            }
        });
    }
}
