package io.fahren.redis.impl;

import io.fahren.impl.ActiveTenantCheck;
import io.fahren.redis.Redis;
import io.fahren.redis.RedisTenants;
import io.fahren.secrets.TenantSecrets;
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

    @Inject
    RedisExtension extension;

    @Inject
    Instance<TenantSecrets> secrets;

    @Inject
    ActiveTenantCheck active;

    private Redis redis;
    private RedisTenants tenants;

    synchronized Redis redis() {
        if (redis == null) {
            redis = extension.settings().open(secrets::get);
        }
        return redis;
    }

    synchronized RedisTenants tenants() {
        if (tenants == null) {
            tenants = redis().forTenants(active::require);
        }
        return tenants;
    }

    @PreDestroy
    synchronized void close() {
        if (redis != null) {
            redis.close();
        }
    }
}
