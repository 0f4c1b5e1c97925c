package io.fahren.redis.impl.prefix;

import io.fahren.FahrenConfigurationException;
import io.fahren.SharedPoolStats;
import io.fahren.TenantId;
import io.fahren.internal.Exclusive;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.impl.client.ClientStrategy;
import io.fahren.redis.impl.client.RedisAdmin;
import io.fahren.redis.impl.client.TenantKeyspace;
import io.fahren.redis.impl.rules.AclRules;
import java.util.Optional;
import redis.clients.jedis.Connection;

/**
 * Prefix isolation: every tenant client logs in as one shared ACL user limited to the tenant key
 * space, and Jedis prefixes each key with {@code tenant:<id>:}. The shared user cannot list keys,
 * run scripts or use {@code @dangerous} commands. The management side is {@link SharedUser}; the
 * tenants side is the shared pool, {@link PrefixConnections}.
 */
public final class PrefixStrategy implements ClientStrategy {

    private final RedisAdmin admin;
    private final RedisOptions options;
    private final TenantKeyspace keyspace;
    private final SharedUser user;
    private final Exclusive poolLock = new Exclusive();
    /** Opened on first use; read without the lock on every command, so volatile. */
    private volatile PrefixConnections pool;

    /**
     * @param admin the management login
     * @param options the options; {@code tenantsPassword} is required
     * @throws FahrenConfigurationException when the tenants password is missing or weak
     */
    public PrefixStrategy(RedisAdmin admin, RedisOptions options) {
        this.admin = admin;
        this.options = options;
        this.keyspace = new TenantKeyspace(options.keyPrefix());
        this.user = new SharedUser(admin, options, keyspace);
        if (options.tenantsPassword() == null) {
            throw new FahrenConfigurationException("Prefix isolation needs the shared tenants user's password: set "
                    + "fahren.redis.prefix.password (RedisOptions.tenantsPassword), at least 32 characters.");
        }
        try {
            AclRules.checkPassword(options.tenantsPassword());
        } catch (IllegalArgumentException e) {
            throw new FahrenConfigurationException(e.getMessage() + " (fahren.redis.prefix.password).");
        }
    }

    @Override
    public TenantKeyspace keyspace() {
        return keyspace;
    }

    @Override
    public String name() {
        return "prefix";
    }

    /** Creates or updates the shared user, and saves the ACL when the server has an aclfile. */
    @Override
    public void setup() {
        user.setup();
    }

    @Override
    public void provision(TenantId tenantId) {
        if (options.autoSetup()) {
            setup();
        }
        PrefixConnections open = pool;
        if (open != null) {
            open.unfence(tenantId); // created again after a delete
        }
    }

    /**
     * Cuts the tenant's connections open in this process (an open {@code MULTI} or pipeline, a
     * command in flight) and refuses it new ones, then deletes its keys: nothing of this process
     * can write a key of the tenant after the delete.
     */
    @Override
    public void deprovision(TenantId tenantId) {
        shared().cut(tenantId);
        user.deleteKeys(tenantId);
    }

    @Override
    public void prepare(TenantId tenantId) {
        shared();
    }

    @Override
    public Connection connection(TenantId tenantId, boolean single) {
        return shared().lend(tenantId);
    }

    private PrefixConnections shared() {
        PrefixConnections open = pool;
        if (open != null) {
            return open; // the hot path: no monitor per command
        }
        return poolLock.call(() -> {
            if (pool == null) {
                RedisConnection login = admin.connection().as(options.tenantsUser(), options.tenantsPassword());
                pool = new PrefixConnections(login, options.poolSize());
            }
            return pool;
        });
    }

    @Override
    public Optional<SharedPoolStats> sharedPoolStats() {
        PrefixConnections open = pool;
        return open == null ? Optional.empty() : Optional.of(open.stats());
    }

    @Override
    public void evict(TenantId tenantId) {
        // the pool is shared by every tenant; the deleted tenant's clients are closed by RedisTenants
        keyspace.forget(tenantId);
    }

    @Override
    public void close() {
        poolLock.run(() -> {
            if (pool != null) {
                pool.close();
            }
        });
    }
}
