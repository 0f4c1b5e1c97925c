package io.fahren.redis.impl.cdi;

import io.fahren.redis.impl.config.RedisConfigKey;
import static io.fahren.redis.impl.config.RedisConfigKey.ACL_ALLOW_DANGEROUS;
import static io.fahren.redis.impl.config.RedisConfigKey.ACL_REQUIRE_PERSISTENCE;
import static io.fahren.redis.impl.config.RedisConfigKey.ACL_USER_PREFIX;
import static io.fahren.redis.impl.config.RedisConfigKey.CLUSTER;
import static io.fahren.redis.impl.config.RedisConfigKey.ISOLATION;
import static io.fahren.redis.impl.config.RedisConfigKey.KEY_PREFIX;
import static io.fahren.redis.impl.config.RedisConfigKey.PASSWORD;
import static io.fahren.redis.impl.config.RedisConfigKey.POOL_IDLE_TIMEOUT;
import static io.fahren.redis.impl.config.RedisConfigKey.ACL_SHARED_CONNECTIONS;
import static io.fahren.redis.impl.config.RedisConfigKey.POOL_MAX_TENANTS;
import static io.fahren.redis.impl.config.RedisConfigKey.POOL_SIZE;
import static io.fahren.redis.impl.config.RedisConfigKey.PREFIX;
import static io.fahren.redis.impl.config.RedisConfigKey.PREFIX_AUTO_SETUP;
import static io.fahren.redis.impl.config.RedisConfigKey.PREFIX_PASSWORD;
import static io.fahren.redis.impl.config.RedisConfigKey.PREFIX_USER;
import static io.fahren.redis.impl.config.RedisConfigKey.REGISTRY_KEY;
import static io.fahren.redis.impl.config.RedisConfigKey.REGISTRY_LOCK_LEASE;
import static io.fahren.redis.impl.config.RedisConfigKey.REGISTRY_READER_PASSWORD;
import static io.fahren.redis.impl.config.RedisConfigKey.REGISTRY_READER_USER;
import static io.fahren.redis.impl.config.RedisConfigKey.TENANTS_ONLY;
import static io.fahren.redis.impl.config.RedisConfigKey.URL;
import static io.fahren.redis.impl.config.RedisConfigKey.USERNAME;

import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.internal.ConfigValues;
import io.fahren.redis.Redis;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.RedisTenants;
import io.fahren.secrets.TenantSecrets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * The typed view of {@code fahren.redis.*}, read and checked at deployment. {@link #toString()}
 * never shows a password.
 *
 * @param isolation the strategy
 * @param admin the management login
 * @param options the options
 * @param tenantsOnly whether the service serves tenants only, without a management login
 */
public record RedisSettings(Kind isolation, RedisConnection admin, RedisOptions options, boolean tenantsOnly) {

    /** The strategies that can be configured. */
    public enum Kind {
        /** Key prefix with one shared ACL user. */
        PREFIX,
        /** An ACL user per tenant. */
        ACL
    }

    /**
     * @param config MicroProfile Config
     * @param problems where each problem is added
     * @return the settings, or empty when there were problems
     */
    public static Optional<RedisSettings> load(Config config, List<String> problems) {
        int before = problems.size();
        Set<String> known = Arrays.stream(RedisConfigKey.values()).map(RedisConfigKey::key).collect(Collectors.toSet());
        ConfigValues.rejectUnknown(config, PREFIX, known, name -> false, problems);
        Optional<Kind> isolation = ConfigValues.oneOf(config, ISOLATION.key(), Kind.class, problems);
        if (ConfigValues.get(config, ISOLATION.key()).isEmpty()) {
            problems.add(ISOLATION.key() + " is required with fahren-redis-cdi; allowed values are "
                    + ConfigValues.allowed(Kind.class) + ".");
        }
        Optional<String> url = ConfigValues.get(config, URL.key());
        if (url.isEmpty()) {
            problems.add(URL.key() + " is required with fahren-redis-cdi, such as redis://localhost:6379/0.");
        }
        Optional<String> prefixPassword = ConfigValues.get(config, PREFIX_PASSWORD.key());
        if (isolation.filter(Kind.PREFIX::equals).isPresent() && prefixPassword.isEmpty()) {
            problems.add(PREFIX_PASSWORD.key() + " is required with fahren.redis.isolation=prefix: the password of the "
                    + "shared tenants user, at least 32 characters.");
        }
        boolean autoSetup = ConfigValues.bool(config, PREFIX_AUTO_SETUP.key(), problems)
                .orElse(PREFIX_AUTO_SETUP.defaultBoolean());
        boolean persistence = ConfigValues.bool(config, ACL_REQUIRE_PERSISTENCE.key(), problems)
                .orElse(ACL_REQUIRE_PERSISTENCE.defaultBoolean());
        boolean dangerous = ConfigValues.bool(config, ACL_ALLOW_DANGEROUS.key(), problems)
                .orElse(ACL_ALLOW_DANGEROUS.defaultBoolean());
        boolean shared = ConfigValues.bool(config, ACL_SHARED_CONNECTIONS.key(), problems)
                .orElse(ACL_SHARED_CONNECTIONS.defaultBoolean());
        int poolSize = ConfigValues.positive(config, POOL_SIZE.key(), problems).orElse(POOL_SIZE.defaultInt());
        int maxTenants = ConfigValues.positive(config, POOL_MAX_TENANTS.key(), problems)
                .orElse(POOL_MAX_TENANTS.defaultInt());
        int idleSeconds = ConfigValues.positive(config, POOL_IDLE_TIMEOUT.key(), problems)
                .orElse(POOL_IDLE_TIMEOUT.defaultInt());
        int leaseSeconds = ConfigValues.positive(config, REGISTRY_LOCK_LEASE.key(), problems)
                .orElse(REGISTRY_LOCK_LEASE.defaultInt());
        boolean tenantsOnly = ConfigValues.bool(config, TENANTS_ONLY.key(), problems).orElse(TENANTS_ONLY.defaultBoolean());
        boolean cluster = ConfigValues.bool(config, CLUSTER.key(), problems).orElse(CLUSTER.defaultBoolean());
        if (problems.size() > before || isolation.isEmpty() || url.isEmpty()) {
            return Optional.empty();
        }
        try {
            RedisConnection login = RedisConnection.of(url.get(), ConfigValues.get(config, USERNAME.key()).orElse(null),
                    ConfigValues.get(config, PASSWORD.key()).orElse(null));
            RedisConnection admin = cluster ? login.inCluster() : login;
            RedisOptions options = RedisOptions.builder()
                    .keyPrefix(ConfigValues.get(config, KEY_PREFIX.key()).orElse(KEY_PREFIX.defaultValue()))
                    .tenantsUser(ConfigValues.get(config, PREFIX_USER.key()).orElse(PREFIX_USER.defaultValue()))
                    .tenantsPassword(prefixPassword.orElse(null))
                    .aclUserPrefix(ConfigValues.get(config, ACL_USER_PREFIX.key()).orElse(ACL_USER_PREFIX.defaultValue()))
                    .requirePersistence(persistence).allowDangerousCommands(dangerous).autoSetup(autoSetup)
                    .sharedConnections(shared)
                    .poolSize(poolSize).maxTenants(maxTenants).idleTimeout(Duration.ofSeconds(idleSeconds))
                    .registryKey(ConfigValues.get(config, REGISTRY_KEY.key()).orElse(REGISTRY_KEY.defaultValue()))
                    .registryLockLease(Duration.ofSeconds(leaseSeconds))
                    .registryReader(ConfigValues.get(config, REGISTRY_READER_USER.key())
                                    .orElse(REGISTRY_READER_USER.defaultValue()),
                            ConfigValues.get(config, REGISTRY_READER_PASSWORD.key()).orElse(null))
                    .build();
            return Optional.of(new RedisSettings(isolation.get(), tenantsOnly ? admin.anonymous() : admin, options,
                    tenantsOnly));
        } catch (IllegalArgumentException | FahrenException e) {
            problems.add("fahren.redis.*: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * @param secrets where ACL isolation keeps tenant passwords (asked for only then)
     * @return a {@link Redis} for the configured strategy
     */
    public Redis open(Supplier<TenantSecrets> secrets) {
        if (tenantsOnly) {
            throw new FahrenConfigurationException("This service serves tenants only (fahren.redis.tenants-only=true): it "
                    + "has no Redis management login and cannot create, delete or list tenants. Do that in the "
                    + "management service.");
        }
        return switch (isolation) {
            case PREFIX -> Redis.withPrefixIsolation(admin, options);
            case ACL -> Redis.withAclIsolation(admin, secrets.get(), options);
        };
    }

    /**
     * @param secrets the tenants' credentials (ACL isolation)
     * @param requireActive throws for a tenant that is not ACTIVE in the application's registry
     * @return the tenants side alone, from tenant credentials
     */
    public RedisTenants openTenantsOnly(Supplier<TenantSecrets> secrets, Consumer<TenantId> requireActive) {
        return switch (isolation) {
            case PREFIX -> Redis.tenantsOnlyWithPrefix(admin, options, requireActive);
            case ACL -> Redis.tenantsOnlyWithAcl(admin, secrets.get(), options, requireActive);
        };
    }

    @Override
    public String toString() {
        return "RedisSettings[" + isolation + ", admin=" + admin + ", " + options + (tenantsOnly ? ", tenants only" : "") + "]";
    }
}
