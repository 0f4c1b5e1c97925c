package io.fahren.redis;

import io.fahren.SharedPoolStats;
import io.fahren.TenantId;
import io.fahren.TenantPoolStats;
import io.fahren.secrets.TenantSecrets;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * The seam between this package's entry points and their implementation. {@link Redis} finds the
 * one implementation (in {@code io.fahren.redis.impl}) with {@link java.util.ServiceLoader}, the
 * way {@code jakarta.json.Json} finds its provider, so this package never depends on the
 * implementation's packages and the package graph stays free of cycles (see
 * {@code docs/architecture.md}).
 *
 * <p><strong>Not an API.</strong> Applications neither implement nor call it; it may change in any
 * release.
 */
public interface RedisEngine {

    /**
     * @param login the login, or {@link RedisConnection#anonymous()} for a tenants-only side
     * @return a small pool of connections as that login
     */
    Admin admin(RedisConnection login);

    /**
     * @param admin the management login (anonymous on a tenants-only side, which never provisions)
     * @param options the options; {@code tenantsPassword} is required
     * @return prefix isolation
     */
    Strategy prefix(Admin admin, RedisOptions options);

    /**
     * @param admin the management login
     * @param secrets where tenant passwords are kept
     * @param options the options
     * @param passwords makes each new tenant password
     * @return ACL isolation, provisioning ACL users
     */
    Strategy acl(Admin admin, TenantSecrets secrets, RedisOptions options, Supplier<String> passwords);

    /**
     * @param server the server, logged in as no one
     * @param secrets where tenant passwords are kept
     * @param options the options
     * @return ACL isolation for a tenants-only side: it never provisions
     */
    Strategy aclTenantsOnly(Admin server, TenantSecrets secrets, RedisOptions options);

    /** A small pool of connections as one login, for management work and registry look-ups. */
    interface Admin extends AutoCloseable {

        /** @return the login */
        RedisConnection connection();

        /**
         * Runs work on a pooled connection.
         *
         * @param what what the work does, for the error message
         * @param work the work
         * @param <T> the result type
         * @return its result
         * @throws io.fahren.FahrenException when Redis fails; the message says what was being done
         */
        <T> T call(String what, Function<Jedis, T> work);

        /**
         * Runs work on one key on a pooled connection to the node that serves the key: the server,
         * or in a cluster the primary of the key's slot.
         *
         * @param key the one key the work touches (or keys of its hash slot)
         * @param what what the work does, for the error message
         * @param work the work
         * @param <T> the result type
         * @return its result
         * @throws io.fahren.FahrenException when Redis fails; the message says what was being done
         */
        <T> T callForKey(String key, String what, Function<Jedis, T> work);

        /**
         * @param requirePersistence whether the ACL must survive a restart
         * @return whether the server has an aclfile, so changed users must be saved
         * @throws io.fahren.FahrenConfigurationException when persistence is required and missing
         */
        boolean checkAclPersistence(boolean requirePersistence);

        /**
         * Redis Cluster: makes the named users the same on every node as on the seed.
         *
         * @param fahrens whether a user name is one Fahren manages
         * @return how many users were created, changed or deleted on other nodes
         */
        int reconcileAcl(Predicate<String> fahrens);

        /**
         * Grants the registry reader what a tenants-only service needs to look tenants up: read the
         * registry hash, and nothing else.
         *
         * @param options the options naming the reader, its password and the registry key
         */
        void grantRegistryReader(RedisOptions options);

        @Override
        void close();
    }

    /** A Redis isolation strategy, as the public entry points use it. */
    interface Strategy extends AutoCloseable {

        /** @return {@code prefix} or {@code acl} */
        String name();

        /** Prepares the server once (the shared user of prefix isolation); nothing by default. */
        default void setup() {
        }

        /**
         * Gives the tenant what it needs on the server; undoes its own partial work when it fails.
         *
         * @param tenantId the tenant
         */
        void provision(TenantId tenantId);

        /**
         * Removes the tenant's keys and login; tolerates a tenant that was only half provisioned.
         *
         * @param tenantId the tenant
         */
        void deprovision(TenantId tenantId);

        /**
         * Switches the tenant's own login off and ends its connections; nothing by default (no
         * login of its own).
         *
         * @param tenantId the tenant
         */
        default void suspend(TenantId tenantId) {
        }

        /**
         * Undoes {@link #suspend}; nothing by default.
         *
         * @param tenantId the tenant
         */
        default void resume(TenantId tenantId) {
        }

        /**
         * Rotates the password of the tenant's own login; nothing by default.
         *
         * @param tenantId the tenant
         */
        default void rotateCredentials(TenantId tenantId) {
        }

        /**
         * Makes sure a connection source for the tenant can be opened, failing early with a clear
         * error (a missing secret, say).
         *
         * @param tenantId an ACTIVE tenant
         */
        void prepare(TenantId tenantId);

        /**
         * @param tenantId an ACTIVE tenant
         * @param onClose called once when the client closes
         * @return a client bound to the tenant
         */
        UnifiedJedis client(TenantId tenantId, Runnable onClose);

        /**
         * @param current the current tenant, checked to be ACTIVE; throws when there is none
         * @return a client that acts as whichever tenant is current when a command runs
         */
        UnifiedJedis currentTenantClient(Supplier<TenantId> current);

        /**
         * Closes whatever the strategy keeps for the tenant (its pool, its cached key
         * pre-processor).
         *
         * @param tenantId the tenant
         */
        void evict(TenantId tenantId);

        /** @return per-tenant pools open now; 0 when the strategy has none */
        default int openPools() {
            return 0;
        }

        /** @return the shared pool's state; empty when the strategy has none */
        default Optional<SharedPoolStats> sharedPoolStats() {
            return Optional.empty();
        }

        /** @return the per-tenant pools' state; empty when the strategy has none */
        default Optional<TenantPoolStats> poolStats() {
            return Optional.empty();
        }

        /** @return connections of the shared ACL pool open now; -1 when the strategy has none */
        default int sharedConnectionsOpen() {
            return -1;
        }

        @Override
        void close();
    }
}
