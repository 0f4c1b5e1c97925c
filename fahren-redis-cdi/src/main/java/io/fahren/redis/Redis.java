package io.fahren.redis;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.internal.ActiveTenants;
import io.fahren.internal.Implementations;
import io.fahren.redis.RedisEngine.Admin;
import io.fahren.redis.RedisEngine.Strategy;
import io.fahren.redis.impl.rules.AclRules;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The Redis strategies, for Java SE or any code that wires Fahren by hand. CDI applications
 * configure {@code fahren.redis.*} instead and inject {@code UnifiedJedis}.
 *
 * <pre>{@code
 * Redis redis = Redis.withAclIsolation(RedisConnection.of("redis://localhost:6379"), secrets);
 * redis.forManagement().createTenant("acme");
 * try (UnifiedJedis client = redis.forTenants().clientFor("acme")) {   // keys live under tenant:acme:
 *     client.set("greeting", "hello");
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Prefix</b>: one shared ACL user for every tenant, limited to {@code tenant:*}; Jedis's key
 *       pre-processor adds {@code tenant:<id>:}. Isolation relies on the client.</li>
 *   <li><b>ACL</b>: an ACL user per tenant, limited by the server to {@code tenant:<id>:*}, with a
 *       random password in the secrets provider.</li>
 * </ul>
 */
public final class Redis implements AutoCloseable {

    /** The implementation, found once per class loader (see {@link RedisEngine}). */
    private static final class Engine {
        static final RedisEngine INSTANCE = Implementations.load(RedisEngine.class);
    }

    private final Admin admin;
    private final Strategy strategy;
    private final RedisOptions options;
    private final RedisTenantRegistry registry;
    private final ActiveTenants active;
    private final List<RedisTenants> tenantSides = new CopyOnWriteArrayList<>();

    private Redis(Admin admin, Strategy strategy, RedisOptions options) {
        this.admin = admin;
        this.strategy = strategy;
        this.options = options;
        this.registry = new RedisTenantRegistry(admin, options.registryKey(), options.registryLockLease());
        this.active = new ActiveTenants(registry);
        if (options.registryReaderPassword() != null) {
            admin.grantRegistryReader(options);
        }
    }

    /**
     * Creates or updates the registry reader: it may only {@code HGET} the registry hash (and
     * select the configured database), so a tenants-only service learns one tenant's state by its
     * id and nothing else.
     */
    /**
     * The tenants side of prefix isolation alone, for a service that holds no management login:
     * its clients log in as the shared tenants user ({@link RedisOptions#tenantsUser()} and
     * password), and tenants are looked up as the registry reader, one at a time.
     *
     * <pre>{@code
     * try (RedisTenants tenants = Redis.tenantsOnlyWithPrefix(RedisConnection.of("redis://cache:6379/0"), options, null)) {
     *     tenants.clientFor("acme").incr("visits");
     * }
     * }</pre>
     *
     * @param server the server and database (credentials in it are not used)
     * @param options the options the management side uses, with the tenants and reader passwords
     * @param requireActive throws for a tenant that is not ACTIVE (another registry, such as
     *        PostgreSQL's), or null to ask the Redis registry as the registry reader
     * @return the tenants side; close it
     */
    public static RedisTenants tenantsOnlyWithPrefix(RedisConnection server, RedisOptions options,
            Consumer<TenantId> requireActive) {
        Admin none = Engine.INSTANCE.admin(server.anonymous());
        return tenantsOnly(server, Engine.INSTANCE.prefix(none, options), options, requireActive, none);
    }

    /**
     * The tenants side of ACL isolation alone (see {@link #tenantsOnlyWithPrefix}): each tenant's
     * clients log in with its credentials from the secrets store.
     *
     * @param server the server and database (credentials in it are not used)
     * @param secrets the tenants' credentials
     * @param options the options the management side uses
     * @param requireActive as for {@link #tenantsOnlyWithPrefix}, or null for the registry reader
     * @return the tenants side; close it
     */
    public static RedisTenants tenantsOnlyWithAcl(RedisConnection server, TenantSecrets secrets, RedisOptions options,
            Consumer<TenantId> requireActive) {
        Admin none = Engine.INSTANCE.admin(server.anonymous());
        return tenantsOnly(server, Engine.INSTANCE.aclTenantsOnly(none, secrets, options), options, requireActive, none);
    }

    /**
     * @param server the server and database (credentials in it are not used)
     * @param options the options, with the registry reader's password
     * @return the registry as the registry reader sees it: one tenant at a time, read only; it is
     *         {@link AutoCloseable}
     * @throws FahrenConfigurationException when no registry reader password is set
     */
    public static TenantRegistry registryLookup(RedisConnection server, RedisOptions options) {
        if (options.registryReaderPassword() == null) {
            throw new FahrenConfigurationException("A Redis tenants side without a management login looks tenants up as "
                    + "the registry reader: set fahren.redis.registry-reader.password (RedisOptions.registryReader) here "
                    + "and in the management service.");
        }
        return new RegistryLookup(Engine.INSTANCE.admin(server.as(options.registryReader(), options.registryReaderPassword())),
                options.registryKey());
    }

    private static RedisTenants tenantsOnly(RedisConnection server, Strategy strategy, RedisOptions options,
            Consumer<TenantId> requireActive, Admin none) {
        RegistryLookup lookup = null;
        Consumer<TenantId> check = requireActive;
        if (check == null) {
            try {
                lookup = (RegistryLookup) registryLookup(server, options);
            } catch (RuntimeException e) {
                strategy.close();
                none.close();
                throw e;
            }
            check = new ActiveTenants(lookup)::require;
        }
        RegistryLookup owned = lookup;
        return new RedisTenants(strategy, check, () -> {
            try (none; strategy) {
                if (owned != null) {
                    owned.close();
                }
            }
        });
    }

    /**
     * @param admin the management login (ACL, CONFIG GET, SCAN, UNLINK)
     * @param tenantsPassword the shared tenants user's password, at least 32 characters
     * @return prefix isolation with default options
     */
    public static Redis withPrefixIsolation(RedisConnection admin, String tenantsPassword) {
        return withPrefixIsolation(admin, RedisOptions.builder().tenantsPassword(tenantsPassword).build());
    }

    /**
     * @param admin the management login
     * @param options the options; {@code tenantsPassword} is required
     * @return prefix isolation
     * @throws FahrenConfigurationException when the tenants password is missing or weak
     */
    public static Redis withPrefixIsolation(RedisConnection admin, RedisOptions options) {
        Admin login = Engine.INSTANCE.admin(Objects.requireNonNull(admin, "admin"));
        try {
            return new Redis(login, Engine.INSTANCE.prefix(login, options), options);
        } catch (RuntimeException e) {
            login.close();
            throw e;
        }
    }

    /**
     * @param admin the management login
     * @param secrets where each tenant's password is stored
     * @return ACL isolation with default options
     */
    public static Redis withAclIsolation(RedisConnection admin, TenantSecrets secrets) {
        return withAclIsolation(admin, secrets, RedisOptions.defaults());
    }

    /**
     * @param admin the management login
     * @param secrets where each tenant's password is stored
     * @param options the options
     * @return ACL isolation with random 256-bit passwords
     */
    public static Redis withAclIsolation(RedisConnection admin, TenantSecrets secrets, RedisOptions options) {
        return withAclIsolation(admin, secrets, options, AclRules::newPassword);
    }

    /**
     * @param admin the management login
     * @param secrets where each tenant's password is stored
     * @param options the options
     * @param passwords makes each new tenant password; each must be at least 32 characters
     * @return ACL isolation
     */
    public static Redis withAclIsolation(RedisConnection admin, TenantSecrets secrets, RedisOptions options,
            Supplier<String> passwords) {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(passwords, "passwords");
        Admin login = Engine.INSTANCE.admin(Objects.requireNonNull(admin, "admin"));
        return new Redis(login, Engine.INSTANCE.acl(login, secrets, options, passwords), options);
    }

    /** @return {@code prefix} or {@code acl} */
    public String isolation() {
        return strategy.name();
    }

    /** @return the options */
    public RedisOptions options() {
        return options;
    }

    /**
     * Prefix isolation: creates or updates the shared tenants user now (also done on each
     * {@code createTenant} unless {@code autoSetup} is off). ACL isolation needs no setup.
     *
     * @throws FahrenConfigurationException when the server has no aclfile and persistence is required
     */
    public void setup() {
        strategy.setup();
    }

    /**
     * Redis Cluster: makes the ACL users Fahren manages (each tenant's user, the shared tenants
     * user, the registry reader) the same on every node as on the seed node of the URL. ACL users
     * are per node, and Fahren changes them on every node it can reach; run this after a node
     * joined the cluster, or returned after it was marked failed while tenants were created,
     * rotated or deleted. Users of other names are left alone.
     *
     * @return how many users were created, changed or deleted on the other nodes; 0 on a single server
     * @throws io.fahren.FahrenException when a node cannot be reached
     */
    public int reconcileCluster() {
        if (!admin.connection().cluster()) {
            return 0;
        }
        return admin.reconcileAcl(user -> user.startsWith(options.aclUserPrefix()) || user.equals(options.tenantsUser())
                || user.equals(options.registryReader()));
    }

    /** @return the management side, recording tenants in the {@linkplain #registry() Redis registry} */
    public RedisManagement forManagement() {
        return new RedisManagement(registry, resource(), active::forget, this::setup);
    }

    /** @return a tenants side that accepts tenants ACTIVE in the {@linkplain #registry() Redis registry} */
    public RedisTenants forTenants() {
        return forTenants(active::require);
    }

    /**
     * @param requireActive throws {@link io.fahren.UnknownTenantException} for a tenant that is not
     *        ACTIVE in the application's registry
     * @return a tenants side
     */
    public RedisTenants forTenants(Consumer<TenantId> requireActive) {
        RedisTenants tenants = new RedisTenants(strategy, requireActive);
        tenantSides.add(tenants);
        return tenants;
    }

    /** @return the registry in Redis used by {@link #forManagement()} */
    public TenantRegistry registry() {
        return registry;
    }

    /**
     * @return the strategy as a resource of {@link io.fahren.TenantManagement}: provisioning
     *         creates what the tenant needs; deprovisioning closes its open clients, deletes its
     *         keys with SCAN and UNLINK, and (ACL) its user and secret; suspending closes its
     *         clients and (ACL) switches its user off and disconnects it; rotating (ACL) gives its
     *         user a new password
     */
    public TenantResource resource() {
        return new TenantResource() {
            @Override
            public String name() {
                return "redis";
            }

            @Override
            public void provision(TenantId tenantId) {
                strategy.provision(tenantId);
            }

            @Override
            public void deprovision(TenantId tenantId) {
                tenantSides.forEach(side -> side.closeClients(tenantId));
                strategy.deprovision(tenantId);
            }

            @Override
            public void suspend(TenantId tenantId) {
                tenantSides.forEach(side -> side.closeClients(tenantId));
                strategy.suspend(tenantId);
            }

            @Override
            public void resume(TenantId tenantId) {
                strategy.resume(tenantId);
            }

            @Override
            public void rotateCredentials(TenantId tenantId) {
                strategy.rotateCredentials(tenantId);
            }
        };
    }

    /** @return for tests and diagnostics: how many per-tenant pools are open (ACL), else 0 */
    public int openTenantPools() {
        return strategy.openPools();
    }

    /**
     * @return for tests and diagnostics: how many connections the shared ACL pool has open
     *         ({@link RedisOptions#sharedConnections()}), else -1
     */
    public int sharedConnectionsOpen() {
        return strategy.sharedConnectionsOpen();
    }

    /** Closes every client, pool and the management login. */
    @Override
    public void close() {
        tenantSides.forEach(RedisTenants::close);
        strategy.close();
        registry.close();
        admin.close();
    }

    @Override
    public String toString() {
        return "Redis " + strategy.name() + " isolation on " + admin.connection();
    }
}
