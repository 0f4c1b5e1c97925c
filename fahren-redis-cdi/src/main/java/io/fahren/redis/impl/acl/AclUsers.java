package io.fahren.redis.impl.acl;

import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.impl.client.RedisAdmin;
import io.fahren.redis.impl.client.TenantKeyspace;
import io.fahren.redis.impl.rules.AclRules;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.TenantSecrets;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ClientKillParams;

/**
 * The management side of ACL isolation: creates a tenant's ACL user, limited to its key space,
 * with a random password kept in the secrets store, and deletes the user, its keys and its secret.
 */
final class AclUsers {

    /** The resource name in secret paths. */
    static final String RESOURCE = "redis";

    private final RedisAdmin admin;
    private final TenantSecrets secrets;
    private final RedisOptions options;
    private final TenantKeyspace keyspace;
    private final Supplier<String> passwords;

    AclUsers(RedisAdmin admin, TenantSecrets secrets, RedisOptions options, TenantKeyspace keyspace,
            Supplier<String> passwords) {
        this.admin = admin;
        this.secrets = secrets;
        this.options = options;
        this.keyspace = keyspace;
        this.passwords = passwords;
    }

    /**
     * @param tenantId a tenant
     * @return its ACL user name
     */
    String user(TenantId tenantId) {
        return options.aclUserPrefix() + tenantId.value();
    }

    /**
     * Creates the tenant's user (on every node of a cluster) and stores its password; on failure,
     * removes both again.
     *
     * @param tenantId the tenant
     */
    void provision(TenantId tenantId) {
        boolean persistent = admin.checkAclPersistence(options.requirePersistence());
        String user = user(tenantId);
        String password = AclRules.checkPassword(passwords.get());
        String[] rules = AclRules.rules(password, keyspace.prefix(tenantId), options.allowDangerousCommands(), false,
                admin.serverFacts());
        try {
            // in a cluster on every node: when one refuses, the nodes that took it lose it again below
            admin.everyNode("ACL SETUSER " + user, jedis -> jedis.aclSetUser(user, rules));
            secrets.store(tenantId, RESOURCE, new ConnectionSecret(admin.connection().url(), user, password));
            if (persistent) {
                admin.everyNode("ACL SAVE", Jedis::aclSave);
            }
        } catch (RuntimeException e) {
            try {
                admin.everyNode("ACL DELUSER " + user, jedis -> jedis.aclDelUser(user));
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

    /**
     * @param tenantId the tenant
     * @param evict closes what the tenants side of this process holds for the tenant; run before
     *        the user goes and again after its secret went
     */
    void deprovision(TenantId tenantId, Runnable evict) {
        evict.run();
        String user = user(tenantId);
        // DELUSER also disconnects every client logged in as the user, so nothing writes behind the cleanup
        admin.everyNode("ACL DELUSER " + user, jedis -> jedis.aclDelUser(user));
        admin.unlinkAll(keyspace.pattern(tenantId), options.deleteBatch());
        save();
        secrets.delete(tenantId, RESOURCE);
        // again: a command racing this delete may have cached the login (or reopened the pool) from
        // the secret before it went; after the secret is gone nothing can cache it any more
        evict.run();
    }

    /**
     * Switches the user off ({@code ACL SETUSER ... off}: no new login) and disconnects every
     * client logged in as it ({@code CLIENT KILL USER}); its keys, rules and password stay.
     *
     * @param tenantId the tenant
     * @param evict closes what the tenants side of this process holds for the tenant
     */
    void suspend(TenantId tenantId, Runnable evict) {
        evict.run();
        String user = user(tenantId);
        if (admin.call("ACL GETUSER " + user, jedis -> jedis.aclGetUser(user)) == null) {
            return; // half provisioned: nothing can log in
        }
        admin.everyNode("ACL SETUSER " + user, jedis -> jedis.aclSetUser(user, "off"));
        admin.everyNode("CLIENT KILL USER " + user, jedis -> jedis.clientKill(ClientKillParams.clientKillParams()
                .user(user)));
        save();
        evict.run();
    }

    /**
     * @param tenantId the tenant
     * @throws io.fahren.FahrenException when the user does not exist
     */
    void resume(TenantId tenantId) {
        String user = user(tenantId);
        if (admin.call("ACL GETUSER " + user, jedis -> jedis.aclGetUser(user)) == null) {
            throw new FahrenException("Tenant '" + tenantId + "' has no Redis ACL user '" + user + "' to switch on. "
                    + "Delete the tenant and create it again.");
        }
        admin.everyNode("ACL SETUSER " + user, jedis -> jedis.aclSetUser(user, "on"));
        save();
    }

    /**
     * Rotates the user's password: the secret gets the new one (keeping the old as its previous
     * password), the user accepts both ({@code >new}), this process's connections roll over, the
     * user keeps only the new one ({@code resetpass >new}, one atomic command), and the secret
     * drops the old one. A secret found mid-rotation is finished with the password it holds.
     *
     * @param tenantId the tenant
     * @param rollOver makes this process's new connections log in with the new password
     */
    void rotate(TenantId tenantId, Runnable rollOver) {
        ConnectionSecret current = secrets.load(tenantId, RESOURCE);
        ConnectionSecret rotating = current;
        if (!current.isRotating()) {
            rotating = current.rotatingTo(AclRules.checkPassword(passwords.get()));
            secrets.store(tenantId, RESOURCE, rotating);
        }
        String user = current.username();
        String next = rotating.password();
        admin.everyNode("ACL SETUSER " + user, jedis -> jedis.aclSetUser(user, ">" + next));
        rollOver.run();
        admin.everyNode("ACL SETUSER " + user, jedis -> jedis.aclSetUser(user, "resetpass", ">" + next));
        save();
        secrets.store(tenantId, RESOURCE, rotating.rotated());
    }

    private void save() {
        if (admin.checkAclPersistence(false)) {
            admin.everyNode("ACL SAVE", Jedis::aclSave);
        }
    }
}
