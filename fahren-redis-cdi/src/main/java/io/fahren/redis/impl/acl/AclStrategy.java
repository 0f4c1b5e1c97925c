package io.fahren.redis.impl.acl;

import io.fahren.redis.impl.client.RedisAdmin;
import io.fahren.redis.impl.client.TenantKeyspace;
import io.fahren.redis.impl.rules.AclRules;
import io.fahren.redis.impl.client.ClientStrategy;
import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.internal.TenantPoolCache;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.secrets.TenantSecrets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;

/**
 * ACL isolation: each tenant has its own ACL user, limited to {@code tenant:<id>:*} keys and
 * channels, whose random password lives in the secrets provider. Tenant connections come from a
 * bounded cache of per-tenant pools, or, with {@link RedisOptions#sharedConnections()}, from one
 * shared pool whose connections log in as the tenant per use ({@link SharedAclConnections}).
 */
public final class AclStrategy implements ClientStrategy {

    private static final Logger LOG = Logger.getLogger(AclStrategy.class.getName());

    /** The resource name in secret paths. */
    public static final String RESOURCE = "redis";

    private final RedisAdmin admin;
    private final TenantSecrets secrets;
    private final RedisOptions options;
    private final TenantKeyspace keyspace;
    private final Supplier<String> passwords;
    private final TenantPoolCache<ConnectionPool> pools;
    /** Shared mode only: the shared pool, and each tenant's login read once from the secrets store. */
    private final SharedAclConnections shared;
    private final Map<TenantId, ConnectionSecret> logins = new ConcurrentHashMap<>();

    /**
     * @param admin the management login
     * @param secrets where tenant passwords are kept
     * @param options the options
     * @param passwords makes new passwords ({@link AclRules#newPassword()} unless the application
     *        brings its own); each is checked to be at least 32 characters
     */
    public AclStrategy(RedisAdmin admin, TenantSecrets secrets, RedisOptions options, Supplier<String> passwords) {
        this(admin, secrets, options, passwords, false);
    }

    /**
     * The tenants side alone, for a service without a management login: it never provisions, and
     * checks that Redis's default user is locked by trying it (a management login would read it).
     *
     * @param server the server, logged in as no one
     * @param secrets where tenant passwords are kept
     * @param options the options
     * @return the strategy
     */
    public static AclStrategy tenantsOnly(RedisAdmin server, TenantSecrets secrets, RedisOptions options) {
        return new AclStrategy(server, secrets, options, () -> {
            throw new IllegalStateException("A tenants-only service does not provision tenants");
        }, true);
    }

    private AclStrategy(RedisAdmin admin, TenantSecrets secrets, RedisOptions options, Supplier<String> passwords,
            boolean tenantsOnly) {
        this.admin = admin;
        this.secrets = secrets;
        this.options = options;
        this.keyspace = new TenantKeyspace(options.keyPrefix());
        this.passwords = passwords;
        this.pools = new TenantPoolCache<>("fahren-redis-pool-evictor", this::open, pool -> pool.getNumActive() > 0,
                ConnectionPool::close, options.maxTenants(), options.idleTimeout());
        if (options.sharedConnections()) {
            if (tenantsOnly) {
                SharedAclConnections.checkDefaultUserLocked(admin);
            } else {
                SharedAclConnections.checkDefaultUserLocked(defaultUserFlags(), admin.connection());
            }
            this.shared = new SharedAclConnections(admin.connection(), options.poolSize());
        } else {
            this.shared = null;
            if (!tenantsOnly) {
                warnIfDefaultUserOpen();
            }
        }
    }

    private List<String> defaultUserFlags() {
        return admin.call("ACL GETUSER default", jedis -> jedis.aclGetUser("default").getFlags());
    }

    /** Per-tenant pools do not depend on a locked default user, but ACL isolation does. */
    private void warnIfDefaultUserOpen() {
        try {
            SharedAclConnections.checkDefaultUserLocked(defaultUserFlags(), admin.connection());
        } catch (FahrenConfigurationException e) {
            LOG.warning("ACL isolation on Redis at " + admin.connection().url() + ": the 'default' user is on and "
                    + "needs no password, so any connection, a tenant's included, can AUTH as it and reach every "
                    + "tenant's keys. Lock it: ACL SETUSER default off (after creating a named admin user).");
        } catch (RuntimeException e) {
            LOG.fine("Could not read the default user's flags: " + e.getMessage());
        }
    }

    @Override
    public TenantKeyspace keyspace() {
        return keyspace;
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
                keyspace.prefix(tenantId), options.allowDangerousCommands(), false, admin.serverFacts())));
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
        evict(tenantId);
        String user = user(tenantId);
        // DELUSER also disconnects every client logged in as the user, so nothing writes behind the cleanup
        admin.call("ACL DELUSER " + user, jedis -> jedis.aclDelUser(user));
        admin.unlinkAll(keyspace.pattern(tenantId), options.deleteBatch());
        if (admin.checkAclPersistence(false)) {
            admin.call("ACL SAVE", Jedis::aclSave);
        }
        secrets.delete(tenantId, RESOURCE);
        // again: a command racing this delete may have cached the login (or reopened the pool) from
        // the secret before it went; after the secret is gone nothing can cache it any more
        evict(tenantId);
    }

    @Override
    public void prepare(TenantId tenantId) {
        if (shared != null) {
            login(tenantId);
        } else {
            pools.open(tenantId);
        }
    }

    @Override
    public Connection connection(TenantId tenantId, boolean single) {
        if (shared == null) {
            return pools.borrow(tenantId, ConnectionPool::getResource);
        }
        ConnectionSecret login = login(tenantId);
        // a refused login reads the secret again next time, in case the password was rotated
        return shared.borrow(login.username(), login.password(), single, () -> logins.remove(tenantId, login));
    }

    private ConnectionSecret login(TenantId tenantId) {
        return logins.computeIfAbsent(tenantId, this::secret);
    }

    /** @return shared mode: connections open in the shared pool; otherwise -1 */
    @Override
    public int sharedConnectionsOpen() {
        return shared == null ? -1 : shared.open();
    }

    private ConnectionPool open(TenantId tenantId) {
        ConnectionSecret secret = secret(tenantId);
        RedisConnection login = admin.connection().as(secret.username(), secret.password());
        return RedisAdmin.pool(login, options.poolSize());
    }

    private ConnectionSecret secret(TenantId tenantId) {
        ConnectionSecret secret;
        try {
            secret = secrets.load(tenantId, RESOURCE);
        } catch (SecretNotFoundException e) {
            throw new SecretNotFoundException(e.path(), "The Redis credentials of tenant '" + tenantId + "' are missing: "
                    + e.getMessage() + ". Restore the secret, or delete and create the tenant again.");
        }
        return secret;
    }

    /** @return how many tenant pools are open */
    @Override
    public int openPools() {
        return pools.size();
    }

    @Override
    public void evict(TenantId tenantId) {
        keyspace.forget(tenantId);
        logins.remove(tenantId);
        pools.close(tenantId);
    }

    @Override
    public void close() {
        pools.close();
        if (shared != null) {
            shared.close();
        }
    }
}
