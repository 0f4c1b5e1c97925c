package io.fahren.redis.impl.prefix;

import io.fahren.FahrenConfigurationException;
import io.fahren.SharedPoolStats;
import io.fahren.TenantId;
import io.fahren.internal.Exclusive;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.impl.client.ClientStrategy;
import io.fahren.redis.impl.client.RedisAdmin;
import io.fahren.redis.impl.client.SlotOwners;
import io.fahren.redis.impl.client.TenantKeyspace;
import io.fahren.redis.impl.rules.AclRules;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;

/**
 * Prefix isolation: every tenant client logs in as one shared ACL user limited to the tenant key
 * space, and Jedis prefixes each key with {@code tenant:<id>:}. The shared user cannot list keys,
 * run scripts or use {@code @dangerous} commands. The management side is {@link SharedUser}; the
 * tenants side is the shared pool, {@link PrefixConnections}.
 */
public final class PrefixStrategy implements ClientStrategy {

    private final RedisOptions options;
    private final TenantKeyspace keyspace;
    private final SharedUser user;
    /** The shared tenants user at the configured server, built once (it is asked for on every cluster command). */
    private final RedisConnection login;
    private final Exclusive poolLock = new Exclusive();
    /** Opened on first use; read without the lock on every command, so volatile. A single server only. */
    private volatile PrefixConnections pool;
    /** In a cluster: the primary of each tenant's slot, and a shared pool per primary. Null for a single server. */
    private final SlotOwners owners;
    private final Map<HostAndPort, PrefixConnections> nodePools = new ConcurrentHashMap<>();
    /** Deleted tenants, refused by every pool (a node's pool opened later too). */
    private final Map<TenantId, Long> fenced = new ConcurrentHashMap<>();

    /**
     * @param admin the management login
     * @param options the options; {@code tenantsPassword} is required
     * @throws FahrenConfigurationException when the tenants password is missing or weak
     */
    public PrefixStrategy(RedisAdmin admin, RedisOptions options) {
        this.options = options;
        this.keyspace = new TenantKeyspace(options.keyPrefix(), admin.connection().cluster());
        this.user = new SharedUser(admin, options, keyspace);
        this.owners = admin.connection().cluster() ? new SlotOwners(admin.connection().hostAndPort()) : null;
        if (options.tenantsPassword() == null) {
            throw new FahrenConfigurationException("Prefix isolation needs the shared tenants user's password: set "
                    + "fahren.redis.prefix.password (RedisOptions.tenantsPassword), at least 32 characters.");
        }
        this.login = admin.connection().as(options.tenantsUser(), options.tenantsPassword());
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
        fenced.remove(tenantId); // created again after a delete
    }

    /**
     * Cuts the tenant's connections open in this process (an open {@code MULTI} or pipeline, a
     * command in flight) and refuses it new ones, then deletes its keys: nothing of this process
     * can write a key of the tenant after the delete. In a cluster on the pools of every node.
     */
    @Override
    public void deprovision(TenantId tenantId) {
        if (owners == null) {
            shared().cut(tenantId);
        } else {
            fenced.put(tenantId, System.nanoTime());
            nodePools.values().forEach(nodePool -> nodePool.cut(tenantId));
        }
        user.deleteKeys(tenantId);
    }

    @Override
    public void prepare(TenantId tenantId) {
        if (owners == null) {
            shared();
        }
    }

    @Override
    public Connection connection(TenantId tenantId, boolean single) {
        if (owners == null) {
            return shared().lend(tenantId);
        }
        HostAndPort primary = owners.primaryOf(keyspace.slot(tenantId), login);
        return nodePools.computeIfAbsent(primary, node -> new PrefixConnections(login.at(node), options.poolSize(),
                fenced)).lend(tenantId);
    }

    @Override
    public boolean cluster() {
        return owners != null;
    }

    @Override
    public void rerouted(TenantId tenantId, HostAndPort movedTo) {
        if (movedTo == null) {
            owners.lost(keyspace.slot(tenantId));
        } else {
            owners.moved(keyspace.slot(tenantId), movedTo);
        }
    }

    private PrefixConnections shared() {
        PrefixConnections open = pool;
        if (open != null) {
            return open; // the hot path: no monitor per command
        }
        return poolLock.call(() -> {
            if (pool == null) {
                pool = new PrefixConnections(login, options.poolSize(), fenced);
            }
            return pool;
        });
    }

    @Override
    public Optional<SharedPoolStats> sharedPoolStats() {
        PrefixConnections open = pool;
        if (open != null) {
            return Optional.of(open.stats());
        }
        // a cluster: one pool per primary, summed
        return nodePools.values().stream().map(PrefixConnections::stats).reduce((x, y) -> SharedPoolStats.of(
                x.activeConnections() + y.activeConnections(), x.idleConnections() + y.idleConnections(),
                x.maxConnections() + y.maxConnections(), x.waiting() + y.waiting(), 0));
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
        nodePools.values().forEach(PrefixConnections::close);
    }
}
