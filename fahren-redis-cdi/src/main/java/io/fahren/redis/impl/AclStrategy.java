package io.fahren.redis.impl;

import io.fahren.TenantId;
import io.fahren.impl.TenantPoolCache;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.secrets.TenantSecrets;
import java.util.function.Supplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;

/**
 * ACL isolation: each tenant has its own ACL user, limited to {@code tenant:<id>:*} keys and
 * channels, whose random password lives in the secrets provider. Tenant connections come from a
 * bounded cache of per-tenant pools.
 */
public final class AclStrategy implements Strategy {

    /** The resource name in secret paths. */
    public static final String RESOURCE = "redis";

    private final RedisAdmin admin;
    private final TenantSecrets secrets;
    private final RedisOptions options;
    private final Supplier<String> passwords;
    private final TenantPoolCache<ConnectionPool> pools;

    /**
     * @param admin the management login
     * @param secrets where tenant passwords are kept
     * @param options the options
     * @param passwords makes new passwords ({@link AclRules#newPassword()} unless the application
     *        brings its own); each is checked to be at least 32 characters
     */
    public AclStrategy(RedisAdmin admin, TenantSecrets secrets, RedisOptions options, Supplier<String> passwords) {
        this.admin = admin;
        this.secrets = secrets;
        this.options = options;
        this.passwords = passwords;
        this.pools = new TenantPoolCache<>("fahren-redis-pool-evictor", this::open, pool -> pool.getNumActive() > 0,
                ConnectionPool::close, options.maxTenants(), options.idleTimeout());
    }

    @Override
    public String name() {
        return "acl";
    }

    /**
     * @param tenantId a tenant
     * @return its ACL user name
     */
    public String user(TenantId tenantId) {
        return options.aclUserPrefix() + tenantId.value();
    }

    @Override
    public void provision(TenantId tenantId) {
        boolean persistent = admin.checkAclPersistence(options.requirePersistence());
        String user = user(tenantId);
        String password = AclRules.checkPassword(passwords.get());
        admin.call("ACL SETUSER " + user, jedis -> jedis.aclSetUser(user, AclRules.rules(password,
                options.keyPrefix() + tenantId.value() + ":", options.allowDangerousCommands(), false)));
        try {
            secrets.store(tenantId, RESOURCE, new ConnectionSecret(admin.connection().url(), user, password));
            if (persistent) {
                admin.call("ACL SAVE", Jedis::aclSave);
            }
        } catch (RuntimeException e) {
            try {
                admin.call("ACL DELUSER " + user, jedis -> jedis.aclDelUser(user));
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            try {
                secrets.delete(tenantId, RESOURCE);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    @Override
    public void deprovision(TenantId tenantId) {
        pools.close(tenantId);
        String user = user(tenantId);
        // DELUSER also disconnects every client logged in as the user, so nothing writes behind the cleanup
        admin.call("ACL DELUSER " + user, jedis -> jedis.aclDelUser(user));
        admin.unlinkAll(options.keyPrefix() + tenantId.value() + ":*", options.deleteBatch());
        if (admin.checkAclPersistence(false)) {
            admin.call("ACL SAVE", Jedis::aclSave);
        }
        secrets.delete(tenantId, RESOURCE);
    }

    @Override
    public void prepare(TenantId tenantId) {
        pools.open(tenantId);
    }

    @Override
    public Connection connection(TenantId tenantId) {
        return pools.borrow(tenantId, ConnectionPool::getResource);
    }

    private ConnectionPool open(TenantId tenantId) {
        ConnectionSecret secret;
        try {
            secret = secrets.load(tenantId, RESOURCE);
        } catch (SecretNotFoundException e) {
            throw new SecretNotFoundException(e.path(), "The Redis credentials of tenant '" + tenantId + "' are missing: "
                    + e.getMessage() + ". Restore the secret, or delete and create the tenant again.");
        }
        RedisConnection login = admin.connection().as(secret.username(), secret.password());
        return RedisAdmin.pool(login, options.poolSize());
    }

    /** @return how many tenant pools are open */
    public int openPools() {
        return pools.size();
    }

    @Override
    public void evict(TenantId tenantId) {
        pools.close(tenantId);
    }

    @Override
    public void close() {
        pools.close();
    }
}
