package io.fahren.redis.impl.config;

import io.fahren.internal.DocumentedKey;

/**
 * Every configuration key of {@code fahren-redis-cdi}, each declared once. {@code docs/configuration.md}
 * holds the same table; a test keeps them in step.
 */
public enum RedisConfigKey implements DocumentedKey {

    /** The strategy. */
    ISOLATION("fahren.redis.isolation", "prefix or acl", null,
            "The isolation strategy. Required when fahren-redis-cdi is deployed."),
    /** Server. */
    URL("fahren.redis.url", "Redis URL", null, "The server and database, as redis://host:port/0 (rediss:// for TLS). Required."),
    /** Redis Cluster. */
    CLUSTER("fahren.redis.cluster", "boolean", "false",
            "fahren.redis.url is a node of a Redis Cluster (database 0): the other nodes are discovered from it, each "
                    + "tenant's keys share one hash slot (tenant:{id}:), and ACL users are created on every node."),
    /** Management user. */
    USERNAME("fahren.redis.username", "string", null,
            "The management ACL user (needs ACL, CONFIG GET, SCAN, UNLINK). Default: Redis's default user."),
    /** Management password. */
    PASSWORD("fahren.redis.password", "secret", null, "The management user's password."),
    /** Key prefix. */
    KEY_PREFIX("fahren.redis.key-prefix", "key prefix", "tenant:",
            "What each tenant's keys and channels start with, before the tenant id and ':'. Must end with ':'."),
    /** Shared tenants user. */
    PREFIX_USER("fahren.redis.prefix.user", "string", "fahren-tenants",
            "Prefix isolation: the shared ACL user every tenant client logs in as."),
    /** Shared tenants user's password. */
    PREFIX_PASSWORD("fahren.redis.prefix.password", "secret", null,
            "Prefix isolation: the shared user's password, at least 32 characters. Required for prefix."),
    /** Setup on create. */
    PREFIX_AUTO_SETUP("fahren.redis.prefix.auto-setup", "boolean", "true",
            "Prefix isolation: create or update the shared user on each createTenant."),
    /** ACL user names. */
    ACL_USER_PREFIX("fahren.redis.acl.user-prefix", "string", "fahren-tenant-",
            "ACL isolation: each tenant's ACL user is this followed by the tenant id."),
    /** Refuse ACL changes a restart would lose. */
    ACL_REQUIRE_PERSISTENCE("fahren.redis.acl.require-persistence", "boolean", "true",
            "Refuse to create ACL users when the server has no aclfile (they would vanish on restart)."),
    /** Seed behaviour. */
    ACL_ALLOW_DANGEROUS("fahren.redis.acl.allow-dangerous-commands", "boolean", "false",
            "ACL isolation: leave @dangerous commands such as FLUSHALL to tenant users, as the seed project does. Unsafe."),
    /** Shared ACL connections. */
    ACL_SHARED_CONNECTIONS("fahren.redis.acl.shared-connections", "boolean", "false",
            "ACL isolation: one shared pool whose connections log in as the tenant for each command (AUTH, command, "
                    + "RESET in one round trip) instead of a pool per tenant. Needs the default user off or with a password."),
    /** Pool size. */
    POOL_SIZE("fahren.redis.pool.size", "integer", "8",
            "Most connections of one pool: the shared pool (prefix) or one tenant's pool (acl)."),
    /** Open tenant pools. */
    POOL_MAX_TENANTS("fahren.redis.pool.max-tenants", "integer", "100",
            "ACL isolation: most tenant pools kept open; the least recently used unused one closes first."),
    /** Idle tenant pools. */
    POOL_IDLE_TIMEOUT("fahren.redis.pool.idle-timeout", "seconds", "300",
            "ACL isolation: a tenant pool unused for this long is closed."),
    /** Registry hash. */
    REGISTRY_KEY("fahren.redis.registry-key", "key", "fahren:tenants",
            "The hash holding the tenant registry when no PostgreSQL registry is deployed. Outside the key prefix."),
    /** Registry reader user. */
    REGISTRY_READER_USER("fahren.redis.registry-reader.user", "string", "fahren-registry-reader",
            "The ACL user a tenants-only service looks tenants up as (HGET on the registry hash only)."),
    /** Registry reader password. */
    REGISTRY_READER_PASSWORD("fahren.redis.registry-reader.password", "secret", null,
            "Its password, at least 32 characters. When set, the management service creates or updates the user; a "
                    + "tenants-only service without a PostgreSQL registry needs it."),
    /** Serve tenants only. */
    TENANTS_ONLY("fahren.redis.tenants-only", "boolean", "false",
            "This service serves tenants only: no management login (fahren.redis.username/password are not used), "
                    + "clients log in with tenant credentials, and creating or deleting tenants is refused."),
    /** Registry lock lease. */
    REGISTRY_LOCK_LEASE("fahren.redis.registry-lock-lease", "seconds", "30",
            "Registry in Redis: how long a tenant's lifecycle lock outlives a process that crashed holding it. A live "
                    + "holder renews it every third of this; after a crash the next createTenant or deleteTenant waits "
                    + "at most this long.");

    /** The prefix this module owns. */
    public static final String PREFIX = "fahren.redis.";

    private final Doc doc;

    RedisConfigKey(String key, String type, String defaultValue, String description) {
        this.doc = new Doc(key, type, defaultValue, description);
    }

    @Override
    public Doc doc() {
        return doc;
    }
}
