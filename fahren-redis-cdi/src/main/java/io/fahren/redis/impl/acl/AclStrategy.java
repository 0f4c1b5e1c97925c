package io.fahren.redis.impl.acl;

import io.fahren.SharedPoolStats;
import io.fahren.TenantId;
import io.fahren.TenantPoolStats;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.impl.client.ClientStrategy;
import io.fahren.redis.impl.client.RedisAdmin;
import io.fahren.redis.impl.client.TenantKeyspace;
import io.fahren.redis.impl.rules.AclRules;
import io.fahren.secrets.TenantSecrets;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;

/**
 * ACL isolation: each tenant has its own ACL user, limited to {@code tenant:<id>:*} keys and
 * channels, whose random password lives in the secrets provider. The management side is
 * {@link AclUsers}, the tenants side {@link AclConnections}; a tenants-only process has no
 * management login and never provisions.
 */
public final class AclStrategy implements ClientStrategy {

    /** The resource name in secret paths. */
    public static final String RESOURCE = AclUsers.RESOURCE;

    private final TenantKeyspace keyspace;
    private final AclUsers users;
    private final AclConnections connections;

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
        this.keyspace = new TenantKeyspace(options.keyPrefix(), admin.connection().cluster());
        this.users = new AclUsers(admin, secrets, options, keyspace, passwords);
        this.connections = new AclConnections(admin, secrets, options, keyspace, tenantsOnly);
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
        return users.user(tenantId);
    }

    @Override
    public void provision(TenantId tenantId) {
        users.provision(tenantId);
    }

    @Override
    public void deprovision(TenantId tenantId) {
        users.deprovision(tenantId, () -> connections.evict(tenantId));
    }

    @Override
    public void suspend(TenantId tenantId) {
        users.suspend(tenantId, () -> connections.evict(tenantId));
    }

    @Override
    public void resume(TenantId tenantId) {
        users.resume(tenantId);
    }

    @Override
    public void rotateCredentials(TenantId tenantId) {
        users.rotate(tenantId, () -> connections.rollOver(tenantId));
    }

    @Override
    public void prepare(TenantId tenantId) {
        connections.prepare(tenantId);
    }

    @Override
    public Connection connection(TenantId tenantId, boolean single) {
        return connections.connection(tenantId, single);
    }

    @Override
    public boolean cluster() {
        return connections.cluster();
    }

    @Override
    public void rerouted(TenantId tenantId, HostAndPort movedTo) {
        connections.rerouted(tenantId, movedTo);
    }

    @Override
    public int sharedConnectionsOpen() {
        return connections.sharedConnectionsOpen();
    }

    @Override
    public Optional<SharedPoolStats> sharedPoolStats() {
        return connections.sharedPoolStats();
    }

    @Override
    public Optional<TenantPoolStats> poolStats() {
        return connections.poolStats();
    }

    @Override
    public int openPools() {
        return connections.openPools();
    }

    @Override
    public void evict(TenantId tenantId) {
        connections.evict(tenantId);
    }

    @Override
    public void close() {
        connections.close();
    }
}
