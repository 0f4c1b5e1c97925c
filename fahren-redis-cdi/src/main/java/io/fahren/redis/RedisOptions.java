package io.fahren.redis;

import io.fahren.redis.impl.config.RedisConfigKey;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Options of both Redis strategies. Every option has a safe default.
 *
 * <pre>{@code
 * RedisOptions options = RedisOptions.builder().maxTenants(50).allowDangerousCommands(false).build();
 * }</pre>
 *
 * @param keyPrefix what every tenant key starts with, before the tenant id: {@code tenant:} gives
 *        {@code tenant:acme:orders}
 * @param tenantsUser prefix isolation: the shared ACL user tenant clients log in as
 * @param tenantsPassword prefix isolation: its password; required for prefix isolation
 * @param aclUserPrefix ACL isolation: each tenant's ACL user is this plus the tenant id
 * @param requirePersistence refuse to change ACL users when the server has no {@code aclfile}, so
 *        a restart cannot silently drop them
 * @param allowDangerousCommands ACL isolation: leave {@code @dangerous} commands (such as
 *        {@code FLUSHALL}) allowed to tenant users, as the seed project does
 * @param autoSetup prefix isolation: create or update the shared user on {@code createTenant}
 * @param poolSize most connections of one pool (the shared pool, or one tenant's pool)
 * @param maxTenants ACL isolation: most tenant pools kept open; the least recently used unused
 *        one closes first
 * @param idleTimeout ACL isolation: a tenant pool unused for this long is closed
 * @param registryKey the hash that holds the tenant registry (outside the tenant key space)
 * @param deleteBatch how many keys one {@code UNLINK} removes when a tenant is deleted
 * @param sharedConnections ACL isolation: instead of a pool per tenant, one shared pool of
 *        connections that are logged in as no one between uses; each command is sent as
 *        {@code AUTH} tenant, the command, {@code RESET} in one round trip. Needs a server whose
 *        {@code default} user is off or has a password
 * @param registryReader the ACL user a service that serves tenants only looks tenants up as: it may
 *        only {@code HGET} the registry hash, one tenant at a time
 * @param registryReaderPassword its password (at least 32 characters); when set, the management
 *        side creates or updates that user
 * @param registryLockLease how long the lifecycle lock of a tenant (registry in Redis only) outlives
 *        a process that died holding it: a live holder renews it every third of the lease, so a
 *        {@code createTenant} or {@code deleteTenant} after a crash waits at most this long
 */
public record RedisOptions(String keyPrefix, String tenantsUser, String tenantsPassword, String aclUserPrefix,
        boolean requirePersistence, boolean allowDangerousCommands, boolean autoSetup, int poolSize, int maxTenants,
        Duration idleTimeout, String registryKey, int deleteBatch, boolean sharedConnections,
        Duration registryLockLease, String registryReader, String registryReaderPassword) {

    /** Characters a Redis glob or an ACL rule would read specially, and white space. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9:_.-]+");

    /**
     * @throws IllegalArgumentException when a name holds glob characters, spaces or quotes, or a
     *         number is out of range
     */
    public RedisOptions {
        plain("keyPrefix", keyPrefix);
        if (!keyPrefix.endsWith(":")) {
            throw new IllegalArgumentException("keyPrefix must end with ':', as in tenant:");
        }
        plain("tenantsUser", tenantsUser);
        plain("aclUserPrefix", aclUserPrefix);
        plain("registryKey", registryKey);
        plain("registryReader", registryReader);
        if (registryReaderPassword != null) {
            io.fahren.redis.impl.rules.AclRules.checkPassword(registryReaderPassword);
        }
        if (registryKey.startsWith(keyPrefix)) {
            throw new IllegalArgumentException("registryKey must lie outside the tenant key space " + keyPrefix + "*");
        }
        if (poolSize < 1 || maxTenants < 1 || deleteBatch < 1) {
            throw new IllegalArgumentException("poolSize, maxTenants and deleteBatch must be at least 1");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("idleTimeout must be at least one second");
        }
        Objects.requireNonNull(registryLockLease, "registryLockLease");
        if (registryLockLease.toMillis() < 300) {
            throw new IllegalArgumentException("registryLockLease must be at least 300 ms, so it can be renewed in time");
        }
    }

    private static void plain(String name, String value) {
        if (value == null || !PLAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be letters, digits, ':', '_', '.' or '-' only");
        }
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the default options (prefix isolation then still needs a tenants password) */
    public static RedisOptions defaults() {
        return builder().build();
    }

    @Override
    public String toString() {
        return "RedisOptions[keyPrefix=" + keyPrefix + ", tenantsUser=" + tenantsUser + ", aclUserPrefix=" + aclUserPrefix
                + ", requirePersistence=" + requirePersistence + ", allowDangerousCommands=" + allowDangerousCommands
                + ", autoSetup=" + autoSetup + ", poolSize=" + poolSize + ", maxTenants=" + maxTenants
                + ", idleTimeout=" + idleTimeout + ", registryKey=" + registryKey + ", deleteBatch=" + deleteBatch
                + ", sharedConnections=" + sharedConnections + ", registryLockLease=" + registryLockLease
                + ", registryReader=" + registryReader + "]";
    }

    /** Builds {@link RedisOptions}. */
    public static final class Builder {
        private String keyPrefix = RedisConfigKey.KEY_PREFIX.defaultValue();
        private String tenantsUser = RedisConfigKey.PREFIX_USER.defaultValue();
        private String tenantsPassword;
        private String aclUserPrefix = RedisConfigKey.ACL_USER_PREFIX.defaultValue();
        private boolean requirePersistence = RedisConfigKey.ACL_REQUIRE_PERSISTENCE.defaultBoolean();
        private boolean allowDangerousCommands = RedisConfigKey.ACL_ALLOW_DANGEROUS.defaultBoolean();
        private boolean autoSetup = RedisConfigKey.PREFIX_AUTO_SETUP.defaultBoolean();
        private int poolSize = RedisConfigKey.POOL_SIZE.defaultInt();
        private int maxTenants = RedisConfigKey.POOL_MAX_TENANTS.defaultInt();
        private Duration idleTimeout = Duration.ofSeconds(RedisConfigKey.POOL_IDLE_TIMEOUT.defaultInt());
        private String registryKey = RedisConfigKey.REGISTRY_KEY.defaultValue();
        private int deleteBatch = 500;
        private boolean sharedConnections = RedisConfigKey.ACL_SHARED_CONNECTIONS.defaultBoolean();
        private Duration registryLockLease = Duration.ofSeconds(RedisConfigKey.REGISTRY_LOCK_LEASE.defaultInt());
        private String registryReader = RedisConfigKey.REGISTRY_READER_USER.defaultValue();
        private String registryReaderPassword;

        private Builder() {
        }

        /** @param value see {@link RedisOptions#keyPrefix()} @return this */
        public Builder keyPrefix(String value) {
            keyPrefix = value;
            return this;
        }

        /** @param value see {@link RedisOptions#tenantsUser()} @return this */
        public Builder tenantsUser(String value) {
            tenantsUser = value;
            return this;
        }

        /** @param value see {@link RedisOptions#tenantsPassword()} @return this */
        public Builder tenantsPassword(String value) {
            tenantsPassword = value;
            return this;
        }

        /** @param value see {@link RedisOptions#aclUserPrefix()} @return this */
        public Builder aclUserPrefix(String value) {
            aclUserPrefix = value;
            return this;
        }

        /** @param value see {@link RedisOptions#requirePersistence()} @return this */
        public Builder requirePersistence(boolean value) {
            requirePersistence = value;
            return this;
        }

        /** @param value see {@link RedisOptions#allowDangerousCommands()} @return this */
        public Builder allowDangerousCommands(boolean value) {
            allowDangerousCommands = value;
            return this;
        }

        /** @param value see {@link RedisOptions#autoSetup()} @return this */
        public Builder autoSetup(boolean value) {
            autoSetup = value;
            return this;
        }

        /** @param value see {@link RedisOptions#poolSize()} @return this */
        public Builder poolSize(int value) {
            poolSize = value;
            return this;
        }

        /** @param value see {@link RedisOptions#maxTenants()} @return this */
        public Builder maxTenants(int value) {
            maxTenants = value;
            return this;
        }

        /** @param value see {@link RedisOptions#idleTimeout()} @return this */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** @param value see {@link RedisOptions#registryKey()} @return this */
        public Builder registryKey(String value) {
            registryKey = value;
            return this;
        }

        /** @param value see {@link RedisOptions#deleteBatch()} @return this */
        public Builder deleteBatch(int value) {
            deleteBatch = value;
            return this;
        }

        /** @param value see {@link RedisOptions#sharedConnections()} @return this */
        public Builder sharedConnections(boolean value) {
            sharedConnections = value;
            return this;
        }

        /** @param value see {@link RedisOptions#registryLockLease()} @return this */
        public Builder registryLockLease(Duration value) {
            registryLockLease = value;
            return this;
        }

        /**
         * @param user the registry reader's ACL user name, default {@code fahren-registry-reader}
         * @param password its password, at least 32 characters; null for none
         * @return this
         */
        public Builder registryReader(String user, String password) {
            registryReader = user;
            registryReaderPassword = password;
            return this;
        }

        /** @return the options */
        public RedisOptions build() {
            return new RedisOptions(keyPrefix, tenantsUser, tenantsPassword, aclUserPrefix, requirePersistence,
                    allowDangerousCommands, autoSetup, poolSize, maxTenants, idleTimeout, registryKey, deleteBatch,
                    sharedConnections, registryLockLease, registryReader, registryReaderPassword);
        }
    }
}
