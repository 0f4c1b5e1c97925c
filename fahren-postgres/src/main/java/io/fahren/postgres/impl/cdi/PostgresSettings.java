package io.fahren.postgres.impl.cdi;

import io.fahren.postgres.impl.config.PostgresConfigKey;
import static io.fahren.postgres.impl.config.PostgresConfigKey.*;

import io.fahren.FahrenConfigurationException;
import io.fahren.internal.ConfigValues;
import io.fahren.postgres.BindingMode;
import io.fahren.postgres.CitusMode;
import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.RlsOptions;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.SchemaOptions;
import io.fahren.postgres.StrategyOptions;
import io.fahren.postgres.TenantPlacement;
import io.fahren.postgres.TenantPoolOptions;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.TenantServers;
import io.fahren.TenantAttributes;
import io.fahren.secrets.TenantSecrets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * The typed view of {@code fahren.postgres.*}, read and checked at deployment. {@link #toString()}
 * never shows a password.
 *
 * @param isolation the strategy
 * @param management the management login
 * @param tenants the tenants-side login
 * @param rls the RLS options, when RLS is chosen
 * @param schema the schema options, when schema isolation is chosen
 * @param database the database options, when database isolation is chosen
 * @param citus whether new tenants are distributed with Citus
 * @param servers database per tenant: the servers tenant databases are placed on; empty for
 *        {@code fahren.postgres.url} alone
 * @param placement the configured placement of new tenants among {@code servers}
 */
public record PostgresSettings(Kind isolation, PostgresConnection management, PostgresConnection tenants,
        RlsOptions rls, SchemaOptions schema, DatabaseOptions database, CitusMode citus, List<TenantServer> servers,
        TenantPlacement placement) {

    /** The configurable placements ({@code fahren.postgres.placement}). */
    public enum Placement {
        /** The server with the fewest tenant databases. */
        FEWEST,
        /** The fewest per weight. */
        WEIGHTED,
        /** The server a tenant attribute names. */
        ATTRIBUTE
    }

    /** A server key: {@code fahren.postgres.servers.<name>.<leaf>}, or its environment form. */
    private static final java.util.regex.Pattern SERVER_KEY = java.util.regex.Pattern.compile(
            "(?i)fahren[._]postgres[._]servers[._][a-z0-9_-]+[._](url|username|password|weight|max[._-]tenants|max[._-]connections)");

    /** The strategies that can be configured. */
    public enum Kind {
        /** Row-level security on shared tables. */
        RLS,
        /** A schema per tenant. */
        SCHEMA,
        /** A database per tenant. */
        DATABASE
    }

    /**
     * @param config MicroProfile Config
     * @param problems where each problem is added
     * @return the settings, or empty when there were problems
     */
    public static Optional<PostgresSettings> load(Config config, List<String> problems) {
        int before = problems.size();
        Set<String> known = Arrays.stream(values()).map(PostgresConfigKey::key).collect(Collectors.toSet());
        ConfigValues.rejectUnknown(config, PREFIX, known, name -> SERVER_KEY.matcher(name).matches(), problems);
        Optional<Kind> isolation = ConfigValues.oneOf(config, ISOLATION.key(), Kind.class, problems);
        if (ConfigValues.get(config, ISOLATION.key()).isEmpty()) {
            problems.add(ISOLATION.key() + " is required with fahren-postgres; allowed values are "
                    + ConfigValues.allowed(Kind.class) + ".");
        }
        Optional<String> url = required(config, URL, "jdbc:postgresql://localhost:5432/app", problems);
        Optional<String> user = ConfigValues.get(config, USERNAME.key());
        if (user.isEmpty() && ConfigValues.get(config, TENANTS_USERNAME.key()).isEmpty()) {
            problems.add(USERNAME.key() + " is required with fahren-postgres, such as fahren_admin; a service that only "
                    + "serves tenants sets " + TENANTS_USERNAME.key() + " (and its password) instead.");
        }
        BindingMode mode = ConfigValues.oneOf(config, BINDING_MODE.key(), BindingMode.class, problems)
                .orElse(BindingMode.SESSION);
        int poolSize = ConfigValues.positive(config, POOL_SIZE.key(), problems).orElse(POOL_SIZE.defaultInt());
        Duration deleteWait = Duration.ofSeconds(ConfigValues.positive(config, DELETE_LOCK_TIMEOUT.key(), problems)
                .orElse(DELETE_LOCK_TIMEOUT.defaultInt()));
        String registrySchema = ConfigValues.get(config, REGISTRY_SCHEMA.key()).orElse(REGISTRY_SCHEMA.defaultValue());
        boolean autoSetup = ConfigValues.bool(config, RLS_AUTO_SETUP.key(), problems).orElse(RLS_AUTO_SETUP.defaultBoolean());
        boolean force = ConfigValues.bool(config, RLS_FORCE.key(), problems).orElse(RLS_FORCE.defaultBoolean());
        boolean scopeForeignKeys = ConfigValues.bool(config, RLS_SCOPE_FOREIGN_KEYS.key(), problems)
                .orElse(RLS_SCOPE_FOREIGN_KEYS.defaultBoolean());
        boolean forceDrop = ConfigValues.bool(config, DATABASE_FORCE_ON_DELETE.key(), problems)
                .orElse(DATABASE_FORCE_ON_DELETE.defaultBoolean());
        boolean revokeConnect = ConfigValues.bool(config, DATABASE_REVOKE_PUBLIC_CONNECT.key(), problems)
                .orElse(DATABASE_REVOKE_PUBLIC_CONNECT.defaultBoolean());
        int maxTenants = ConfigValues.positive(config, POOL_MAX_TENANTS.key(), problems).orElse(POOL_MAX_TENANTS.defaultInt());
        int maxConnections = ConfigValues.positive(config, POOL_MAX_CONNECTIONS.key(), problems)
                .orElse(POOL_MAX_CONNECTIONS.defaultInt());
        boolean perTenantLogins = ConfigValues.bool(config, SCHEMA_PER_TENANT_LOGINS.key(), problems)
                .orElse(SCHEMA_PER_TENANT_LOGINS.defaultBoolean());
        CitusMode citus = ConfigValues.oneOf(config, CITUS.key(), CitusMode.class, problems).orElse(CitusMode.OFF);
        if (citus != CitusMode.OFF && isolation.orElse(null) == Kind.DATABASE) {
            problems.add(CITUS.key() + "=" + citus.name().toLowerCase(java.util.Locale.ROOT) + " does not apply to "
                    + ISOLATION.key() + "=database: Citus distributes tables (rls) and schemas (schema), not databases. "
                    + "Place tenant databases on several servers instead (docs/scale-out.md), or remove " + CITUS.key() + ".");
        }
        List<TenantServer> servers = servers(config, user, problems);
        if (!servers.isEmpty() && citus != CitusMode.OFF) {
            problems.add(CITUS.key() + " and " + SERVERS.key() + " both spread tenants: Citus over its nodes, "
                    + SERVERS.key() + " over servers Fahren places tenants on. Use one: set " + CITUS.key()
                    + "=off, or remove " + SERVERS.key() + " (docs/scale-out.md).");
        }
        if (!servers.isEmpty() && isolation.isPresent() && isolation.get() == Kind.RLS) {
            problems.add(SERVERS.key() + " places tenant databases (" + ISOLATION.key() + "=database) or tenant "
                    + "schemas (" + ISOLATION.key() + "=schema). With " + ISOLATION.key() + "=rls every tenant's rows "
                    + "live in the shared tables of " + URL.key() + ": remove " + SERVERS.key() + ", or distribute the "
                    + "tables with Citus (docs/scale-out.md).");
        }
        Placement placement = ConfigValues.oneOf(config, PLACEMENT.key(), Placement.class, problems)
                .orElse(Placement.FEWEST);
        String attribute = ConfigValues.get(config, PLACEMENT_ATTRIBUTE.key()).orElse(PLACEMENT_ATTRIBUTE.defaultValue());
        if (problems.size() > before || isolation.isEmpty() || url.isEmpty()) {
            return Optional.empty();
        }
        try {
            PostgresConnection management = user.map(name -> PostgresConnection.of(url.get(), name,
                    ConfigValues.get(config, PASSWORD.key()).orElse(null))).orElse(null);
            PostgresConnection tenants = ConfigValues.get(config, TENANTS_USERNAME.key())
                    .map(name -> PostgresConnection.of(url.get(), name,
                            ConfigValues.get(config, TENANTS_PASSWORD.key()).orElse(null)))
                    .orElse(management);
            List<String> logins = management == null || tenants.username().equals(management.username())
                    ? List.of() : List.of(tenants.username());
            RlsOptions rls = RlsOptions.builder()
                    .tenantColumn(ConfigValues.get(config, RLS_TENANT_COLUMN.key()).orElse(RLS_TENANT_COLUMN.defaultValue()))
                    .tables(list(config, RLS_TABLES))
                    .scopeForeignKeys(scopeForeignKeys).unscopedConstraints(list(config, RLS_UNSCOPED_CONSTRAINTS))
                    .autoSetup(autoSetup).forceRlsOnTableOwner(force)
                    .tenantRole(ConfigValues.get(config, RLS_TENANT_ROLE.key()).orElse(RLS_TENANT_ROLE.defaultValue()))
                    .bindingMode(mode).poolSize(poolSize).registrySchema(registrySchema).tenantLogins(logins)
                    .deleteLockTimeout(deleteWait).build();
            String prefix = ConfigValues.get(config, SCHEMA_PREFIX.key()).orElse(SCHEMA_PREFIX.defaultValue());
            TenantPoolOptions pools = new TenantPoolOptions(maxTenants, maxConnections, Math.min(poolSize, maxConnections),
                    TenantPoolOptions.defaults().idleTimeout(), TenantPoolOptions.defaults().connectionTimeout());
            SchemaOptions schema = SchemaOptions.builder().schemaPrefix(prefix).rolePrefix(prefix).bindingMode(mode)
                    .poolSize(poolSize).registrySchema(registrySchema).tenantLogins(logins)
                    .perTenantLogins(perTenantLogins).pools(pools).deleteLockTimeout(deleteWait).build();
            DatabaseOptions database = DatabaseOptions.builder()
                    .prefix(ConfigValues.get(config, DATABASE_PREFIX.key()).orElse(DATABASE_PREFIX.defaultValue()))
                    .template(ConfigValues.get(config, DATABASE_TEMPLATE.key()).orElse(null))
                    .forceOnDelete(forceDrop).maxTenants(maxTenants).maxConnections(maxConnections)
                    .tenantPoolSize(Math.min(poolSize, maxConnections)).registrySchema(registrySchema)
                    .revokePublicConnect(revokeConnect).tenantLogins(logins).build();
            TenantPlacement configured = switch (placement) {
                case FEWEST -> TenantPlacement.fewestTenants();
                case WEIGHTED -> TenantPlacement.weighted();
                case ATTRIBUTE -> TenantPlacement.byAttribute(TenantAttributes.checkKey(attribute),
                        TenantPlacement.fewestTenants());
            };
            return Optional.of(new PostgresSettings(isolation.get(), management, tenants, rls, schema, database, citus,
                    servers, configured));
        } catch (IllegalArgumentException e) {
            problems.add("fahren.postgres.*: " + e.getMessage() + ".");
            return Optional.empty();
        }
    }

    /**
     * @return the servers of {@code fahren.postgres.servers}, each from its own keys (login and
     *         password default to the management login's); none when the key is unset
     */
    private static List<TenantServer> servers(Config config, Optional<String> user, List<String> problems) {
        List<TenantServer> servers = new java.util.ArrayList<>();
        for (String name : list(config, SERVERS)) {
            String key = "fahren.postgres.servers." + name + ".";
            Optional<String> serverUrl = ConfigValues.get(config, key + "url");
            Optional<String> login = ConfigValues.get(config, key + "username").or(() -> user);
            if (serverUrl.isEmpty() || login.isEmpty()) {
                problems.add(SERVERS.key() + " names '" + name + "', so " + key + "url is required"
                        + (login.isEmpty() ? ", and " + key + "username (or " + USERNAME.key() + ")" : "")
                        + ", such as jdbc:postgresql://pg-" + name + ":5432/postgres.");
                continue;
            }
            int weight = ConfigValues.positive(config, key + "weight", problems).orElse(1);
            int maxTenants = atLeastZero(config, key + "max-tenants", problems);
            int maxConnections = atLeastZero(config, key + "max-connections", problems);
            try {
                servers.add(new TenantServer(name, PostgresConnection.of(serverUrl.get(), login.get(),
                        ConfigValues.get(config, key + "password").or(() -> ConfigValues.get(config, PASSWORD.key()))
                                .orElse(null)), weight, maxTenants, maxConnections));
            } catch (IllegalArgumentException e) {
                problems.add(SERVERS.key() + ": " + e.getMessage() + ".");
            }
        }
        if (!servers.isEmpty()) {
            try {
                TenantServers.of(servers, TenantPlacement.fewestTenants()); // unique names
            } catch (IllegalArgumentException e) {
                problems.add(SERVERS.key() + ": " + e.getMessage() + ".");
            }
        }
        return servers;
    }

    private static int atLeastZero(Config config, String key, List<String> problems) {
        Optional<String> raw = ConfigValues.get(config, key);
        if (raw.isEmpty()) {
            return 0;
        }
        try {
            int value = Integer.parseInt(raw.get().trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + " must be a whole number, 0 or more (0: no limit).");
        return 0;
    }

    /** @return a comma-separated list key's values, trimmed, or none */
    private static List<String> list(Config config, PostgresConfigKey key) {
        return ConfigValues.get(config, key.key()).map(v -> Arrays.stream(v.split(",")).map(String::trim)
                .filter(t -> !t.isEmpty()).toList()).orElse(List.of());
    }

    private static Optional<String> required(Config config, PostgresConfigKey key, String example, List<String> problems) {
        Optional<String> value = ConfigValues.get(config, key.key());
        if (value.isEmpty()) {
            problems.add(key.key() + " is required with fahren-postgres, such as " + example + ".");
        }
        return value;
    }

    /**
     * @param secrets where database isolation keeps tenant credentials (asked for only then)
     * @return a {@link Postgres} for the configured strategy
     */
    public Postgres open(Supplier<TenantSecrets> secrets) {
        return open(secrets, Optional.empty());
    }

    /**
     * @param secrets where database isolation keeps tenant credentials (asked for only then)
     * @param application the application's own {@link TenantPlacement} bean, which replaces
     *        {@code fahren.postgres.placement}
     * @return a {@link Postgres} for the configured strategy
     */
    public Postgres open(Supplier<TenantSecrets> secrets, Optional<TenantPlacement> application) {
        if (servesTenantsOnly()) {
            throw new FahrenConfigurationException("This application serves tenants only: " + USERNAME.key() + " is not "
                    + "set, so it has no management login and cannot create, delete or list tenants. Do that in the "
                    + "management service, or set " + USERNAME.key() + " and " + PASSWORD.key() + " here.");
        }
        return switch (isolation) {
            case RLS -> Postgres.withRlsIsolation(management, rls);
            case SCHEMA -> !servers.isEmpty() ? Postgres.withSchemaIsolation(management, schema,
                    schema.perTenantLogins() ? secrets.get() : null, TenantServers.of(servers, application.orElse(placement)))
                    : schema.perTenantLogins() ? Postgres.withSchemaIsolation(management, schema, secrets.get())
                    : Postgres.withSchemaIsolation(management, schema);
            case DATABASE -> servers.isEmpty() ? Postgres.withDatabaseIsolation(management, secrets.get(), database)
                    : Postgres.withDatabaseIsolation(management, secrets.get(), database,
                            TenantServers.of(servers, application.orElse(placement)));
        };
    }

    /** @return the chosen strategy's options */
    public StrategyOptions options() {
        return switch (isolation) {
            case RLS -> rls;
            case SCHEMA -> schema;
            case DATABASE -> database;
        };
    }

    /** @return whether no management login is configured: the application only serves tenants */
    public boolean servesTenantsOnly() {
        return management == null;
    }

    /**
     * @param secrets the tenants' credentials (asked for only when the strategy needs them)
     * @return the tenants side alone, from the tenants-side login (see {@link Postgres#tenantsOnly})
     */
    public PostgresTenants openTenantsOnly(Supplier<TenantSecrets> secrets) {
        return switch (isolation) {
            case RLS -> Postgres.tenantsOnly(tenants, rls);
            case SCHEMA -> !servers.isEmpty() ? Postgres.tenantsOnly(tenants, schema,
                    schema.perTenantLogins() ? secrets.get() : null, TenantServers.of(servers, placement))
                    : Postgres.tenantsOnly(tenants, schema, schema.perTenantLogins() ? secrets.get() : null);
            case DATABASE -> servers.isEmpty() ? Postgres.tenantsOnly(tenants, database, secrets.get())
                    : Postgres.tenantsOnly(tenants, database, secrets.get(), TenantServers.of(servers, placement));
        };
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + isolation + ", management=" + management + ", tenants=" + tenants
                + (servers.isEmpty() ? "" : ", servers=" + servers) + "]";
    }
}
