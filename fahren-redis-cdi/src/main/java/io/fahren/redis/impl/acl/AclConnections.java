package io.fahren.redis.impl.acl;

import io.fahren.FahrenConfigurationException;
import io.fahren.SharedPoolStats;
import io.fahren.TenantId;
import io.fahren.TenantPoolStats;
import io.fahren.internal.TenantPoolCache;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.impl.client.RedisAdmin;
import io.fahren.redis.impl.client.SlotOwners;
import io.fahren.redis.impl.client.TenantKeyspace;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.secrets.TenantSecrets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.exceptions.JedisAccessControlException;

/**
 * The tenants side of ACL isolation: each tenant's connections log in as its ACL user, whose
 * password is read from the secrets store. They come from a bounded cache of per-tenant pools, or,
 * with {@link RedisOptions#sharedConnections()}, from one shared pool whose connections log in as
 * the tenant per use ({@link SharedAclConnections}).
 */
final class AclConnections implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AclConnections.class.getName());

    private final RedisAdmin admin;
    private final TenantSecrets secrets;
    private final RedisOptions options;
    private final TenantKeyspace keyspace;
    private final TenantPoolCache<ConnectionPool> pools;
    /** Shared mode only: the shared pool, and each tenant's login read once from the secrets store. */
    private final SharedAclConnections shared;
    private final Map<TenantId, ConnectionSecret> logins = new ConcurrentHashMap<>();
    /** Per-tenant pools: tenants whose pool logs in with the previous password of a secret mid-rotation. */
    private final Map<TenantId, Boolean> previous = new ConcurrentHashMap<>();
    /** In a cluster: the primary of each tenant's slot, where its pool connects. Null for a single server. */
    private final SlotOwners owners;

    /**
     * @param admin the management login, or no login on a tenants-only side
     * @param secrets where tenant passwords are kept
     * @param options the options
     * @param keyspace the tenants' key space
     * @param tenantsOnly whether this process has no management login (the default user is then
     *        checked by trying it)
     */
    AclConnections(RedisAdmin admin, TenantSecrets secrets, RedisOptions options, TenantKeyspace keyspace,
            boolean tenantsOnly) {
        this.admin = admin;
        this.secrets = secrets;
        this.options = options;
        this.keyspace = keyspace;
        this.pools = new TenantPoolCache<>("Evicting idle per-tenant Redis pools", this::open, pool -> pool.getNumActive() > 0,
                ConnectionPool::close, options.maxTenants(), options.idleTimeout());
        this.owners = admin.connection().cluster() ? new SlotOwners(admin.connection().hostAndPort()) : null;
        if (options.sharedConnections() && owners != null) {
            throw new FahrenConfigurationException("fahren.redis.acl.shared-connections is not supported on a Redis "
                    + "Cluster: a shared connection logs in as each tenant in turn, but a tenant's slot lives on one "
                    + "node. Use per-tenant pools (the default) there.");
        }
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

    void prepare(TenantId tenantId) {
        if (shared != null) {
            login(tenantId);
        } else {
            pools.open(tenantId);
        }
    }

    Connection connection(TenantId tenantId, boolean single) {
        if (shared == null) {
            try {
                return pools.borrow(tenantId, ConnectionPool::getResource);
            } catch (JedisAccessControlException refused) {
                // the password was rotated (here between two steps, or by another process): reopen
                // the pool with the other password the secret holds, or the one it holds now
                previous.compute(tenantId, (id, was) -> was == null ? Boolean.TRUE : null);
                pools.close(tenantId);
                try {
                    return pools.borrow(tenantId, ConnectionPool::getResource);
                } catch (RuntimeException again) {
                    again.addSuppressed(refused);
                    throw again;
                }
            }
        }
        return shared.borrow(() -> login(tenantId), single, refused -> relogin(tenantId, refused));
    }

    /**
     * Shared mode: the server refused a login, most likely because a credential rotation moved on
     * (here or in another process). Reads the secret again and picks the password not yet refused:
     * the secret's own, else the previous one it keeps during a rotation.
     *
     * @return the login to try once more, or null when the secret offers no other
     */
    private ConnectionSecret relogin(TenantId tenantId, ConnectionSecret refused) {
        logins.remove(tenantId, refused);
        ConnectionSecret stored = secret(tenantId);
        for (String password : java.util.Arrays.asList(stored.password(), stored.previousPassword())) {
            if (password != null && !password.equals(refused.password())) {
                ConnectionSecret next = new ConnectionSecret(stored.url(), stored.username(), password);
                logins.put(tenantId, next);
                return next;
            }
        }
        return null;
    }

    private ConnectionSecret login(TenantId tenantId) {
        return logins.computeIfAbsent(tenantId, this::secret);
    }

    /** @return shared mode: connections open in the shared pool; otherwise -1 */
    int sharedConnectionsOpen() {
        return shared == null ? -1 : shared.open();
    }

    private ConnectionPool open(TenantId tenantId) {
        ConnectionSecret secret = secret(tenantId);
        boolean usePrevious = secret.isRotating() && previous.containsKey(tenantId);
        RedisConnection login = admin.connection().as(secret.username(),
                usePrevious ? secret.previousPassword() : secret.password());
        if (owners != null) {
            login = login.at(owners.primaryOf(keyspace.slot(tenantId), login));
        }
        return RedisAdmin.pool(login, options.poolSize());
    }

    /**
     * In a cluster: the tenant's slot moved, or its primary was lost. Its pool closes (connections
     * in use are closed when given back) and the next use opens one where the slot is now.
     *
     * @param tenantId the tenant
     * @param movedTo the new primary, or null to look it up again
     */
    void rerouted(TenantId tenantId, HostAndPort movedTo) {
        if (movedTo == null) {
            owners.lost(keyspace.slot(tenantId));
        } else {
            owners.moved(keyspace.slot(tenantId), movedTo);
        }
        pools.close(tenantId);
    }

    /** @return whether the tenants live on a Redis Cluster */
    boolean cluster() {
        return owners != null;
    }

    private ConnectionSecret secret(TenantId tenantId) {
        ConnectionSecret secret;
        try {
            secret = secrets.load(tenantId, AclUsers.RESOURCE);
        } catch (SecretNotFoundException e) {
            throw new SecretNotFoundException(e.path(), "The Redis credentials of tenant '" + tenantId + "' are missing: "
                    + e.getMessage() + ". Restore the secret, or delete and create the tenant again.");
        }
        return secret;
    }

    /** @return shared mode: the shared pool's state; otherwise empty */
    Optional<SharedPoolStats> sharedPoolStats() {
        return shared == null ? Optional.empty() : Optional.of(shared.stats());
    }

    /** @return the per-tenant pools' state; empty with shared connections, which have none */
    Optional<TenantPoolStats> poolStats() {
        if (shared != null) {
            return Optional.empty();
        }
        return Optional.of(pools.stats(ConnectionPool::getNumActive, ConnectionPool::getNumIdle, -1, 0));
    }

    /** @return how many tenant pools are open */
    int openPools() {
        return pools.size();
    }

    /**
     * Makes this process's new connections of the tenant log in with the password its secret
     * holds now: the next use reads the secret again. Connections in use finish their command and
     * are closed when given back.
     *
     * @param tenantId the tenant whose password was rotated
     */
    void rollOver(TenantId tenantId) {
        previous.remove(tenantId);
        logins.remove(tenantId);
        pools.close(tenantId);
    }

    void evict(TenantId tenantId) {
        previous.remove(tenantId);
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
