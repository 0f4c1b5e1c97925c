package io.fahren.redis.impl;

import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisEngine;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.impl.acl.AclStrategy;
import io.fahren.redis.impl.client.RedisAdmin;
import io.fahren.redis.impl.prefix.PrefixStrategy;
import io.fahren.secrets.TenantSecrets;
import java.util.function.Supplier;

/**
 * The implementation behind {@link io.fahren.redis.Redis}: picks the strategy class and opens
 * admin connections. Registered in {@code META-INF/services/io.fahren.redis.RedisEngine}.
 */
public final class StrategyEngine implements RedisEngine {

    @Override
    public Admin admin(RedisConnection login) {
        return new RedisAdmin(login);
    }

    @Override
    public Strategy prefix(Admin admin, RedisOptions options) {
        return new PrefixStrategy(own(admin), options);
    }

    @Override
    public Strategy acl(Admin admin, TenantSecrets secrets, RedisOptions options, Supplier<String> passwords) {
        return new AclStrategy(own(admin), secrets, options, passwords);
    }

    @Override
    public Strategy aclTenantsOnly(Admin server, TenantSecrets secrets, RedisOptions options) {
        return AclStrategy.tenantsOnly(own(server), secrets, options);
    }

    private static RedisAdmin own(Admin admin) {
        if (admin instanceof RedisAdmin ours) {
            return ours;
        }
        throw new IllegalArgumentException("Not an admin of this engine: " + admin);
    }
}
