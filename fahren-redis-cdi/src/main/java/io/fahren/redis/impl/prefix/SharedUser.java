package io.fahren.redis.impl.prefix;

import io.fahren.TenantId;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.impl.client.RedisAdmin;
import io.fahren.redis.impl.client.TenantKeyspace;
import io.fahren.redis.impl.rules.AclRules;

/**
 * The management side of prefix isolation: the one ACL user every tenant connection logs in as,
 * limited to the tenants' key space, and the deletion of a tenant's keys.
 */
final class SharedUser {

    private final RedisAdmin admin;
    private final RedisOptions options;
    private final TenantKeyspace keyspace;

    SharedUser(RedisAdmin admin, RedisOptions options, TenantKeyspace keyspace) {
        this.admin = admin;
        this.options = options;
        this.keyspace = keyspace;
    }

    /** Creates or updates the shared user, and saves the ACL when the server has an aclfile. */
    void setup() {
        boolean persistent = admin.checkAclPersistence(options.requirePersistence());
        AclRules.ServerFacts server = admin.serverFacts();
        admin.everyNode("ACL SETUSER " + options.tenantsUser(), jedis -> {
            jedis.aclSetUser(options.tenantsUser(), AclRules.rules(options.tenantsPassword(), keyspace.root(),
                    false, true, server));
            return persistent ? jedis.aclSave() : null;
        });
    }

    /** @param tenantId the tenant whose keys are deleted, in batches */
    void deleteKeys(TenantId tenantId) {
        admin.unlinkAll(keyspace.pattern(tenantId), options.deleteBatch());
    }
}
