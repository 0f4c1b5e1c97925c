package io.fahren.postgres;

import io.fahren.postgres.impl.config.PostgresConfigKey;
import io.fahren.postgres.impl.sql.Sql;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Options of the database-per-tenant strategy.
 *
 * <pre>{@code
 * DatabaseOptions options = DatabaseOptions.builder()
 *         .template("tenant_template")    // CREATE DATABASE ... TEMPLATE
 *         .maxTenants(100)                // per-tenant pools kept open
 *         .maxConnections(40)             // server connections across all of them
 *         .build();
 * }</pre>
 *
 * @param prefix prefix of each tenant's database and login role
 * @param template the template database, or null for the server's default
 * @param schemas schemas in the tenant database the tenant's role gets rights on
 * @param forceOnDelete whether {@code DROP DATABASE} uses {@code WITH (FORCE)}
 * @param maxTenants the most per-tenant pools kept open; the least recently used is closed beyond it
 * @param maxConnections the most server connections across every tenant pool
 * @param tenantPoolSize the most connections of one tenant's pool
 * @param idleTimeout how long an unused tenant pool stays open
 * @param connectionTimeout how long to wait for a connection before failing
 * @param passwordGenerator makes each tenant role's password (at least 32 characters)
 * @param registrySchema the schema of the tenant registry table in the management database
 * @param revokePublicConnect whether {@code createTenant} revokes {@code CONNECT} from {@code PUBLIC}
 *        on every other database that grants it (the management login keeps it on its own database),
 *        so that tenant logins open only their own database; when false, {@code createTenant}
 *        refuses while such a database exists
 * @param registryReaders logins of processes that serve tenants only: the management side grants
 *        them the registry's one-tenant look-up ({@link Postgres#tenantsOnly(PostgresConnection,
 *        DatabaseOptions, io.fahren.secrets.TenantSecrets)})
 */
public record DatabaseOptions(String prefix, String template, List<String> schemas, boolean forceOnDelete,
        int maxTenants, int maxConnections, int tenantPoolSize, Duration idleTimeout, Duration connectionTimeout,
        Supplier<String> passwordGenerator, String registrySchema, boolean revokePublicConnect,
        List<String> registryReaders) implements StrategyOptions {


    /**
     * @throws IllegalArgumentException when a value is out of range
     */
    public DatabaseOptions {
        if (!prefix.matches("[a-z_][a-z0-9_]{0,6}")) {
            throw new IllegalArgumentException("Prefix '" + prefix + "' must match [a-z_][a-z0-9_]{0,6}");
        }
        if (template != null) {
            Sql.identifier(template);
        }
        schemas = List.copyOf(schemas);
        registryReaders = List.copyOf(registryReaders);
        schemas.forEach(Sql::identifier);
        Sql.identifier(registrySchema);
        Objects.requireNonNull(passwordGenerator, "passwordGenerator");
        new TenantPoolOptions(maxTenants, maxConnections, tenantPoolSize, idleTimeout, connectionTimeout);
    }

    /** @return the limits of the per-tenant pools */
    public TenantPoolOptions pools() {
        return new TenantPoolOptions(maxTenants, maxConnections, tenantPoolSize, idleTimeout, connectionTimeout);
    }

    /** @return a random password of 40 characters from {@link java.security.SecureRandom} */
    public static String randomPassword() {
        return io.fahren.postgres.impl.sql.TenantLogins.randomPassword();
    }

    @Override
    public BindingMode bindingMode() {
        return BindingMode.SESSION;
    }

    @Override
    public int poolSize() {
        return tenantPoolSize;
    }

    /** @return the registry readers: each tenant has its own login, so there is no shared tenants-side login */
    @Override
    public List<String> tenantLogins() {
        return registryReaders;
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static DatabaseOptions defaults() {
        return builder().build();
    }

    /** Builds {@link DatabaseOptions}; every setter is optional. */
    public static final class Builder extends StrategyOptions.Builder<Builder> {
        private String prefix = PostgresConfigKey.DATABASE_PREFIX.defaultValue();
        private String template;
        private List<String> schemas = List.of("public");
        private boolean forceOnDelete = PostgresConfigKey.DATABASE_FORCE_ON_DELETE.defaultBoolean();
        private boolean revokePublicConnect = PostgresConfigKey.DATABASE_REVOKE_PUBLIC_CONNECT.defaultBoolean();
        private int maxTenants = PostgresConfigKey.POOL_MAX_TENANTS.defaultInt();
        private int maxConnections = PostgresConfigKey.POOL_MAX_CONNECTIONS.defaultInt();
        private int tenantPoolSize = 5;
        private Duration idleTimeout = Duration.ofMinutes(5);
        private Duration connectionTimeout = Duration.ofSeconds(10);
        private Supplier<String> passwordGenerator = DatabaseOptions::randomPassword;

        private Builder() {
        }

        /** @param value database and role prefix, default {@code tenant_} @return this */
        public Builder prefix(String value) {
            prefix = value;
            return this;
        }

        /** @param value template database, default none @return this */
        public Builder template(String value) {
            template = value;
            return this;
        }

        /** @param value schemas granted to the tenant role, default {@code public} @return this */
        public Builder schemas(List<String> value) {
            schemas = value;
            return this;
        }

        /** @param value {@code DROP DATABASE ... WITH (FORCE)}, default true @return this */
        public Builder forceOnDelete(boolean value) {
            forceOnDelete = value;
            return this;
        }

        /** @param value open tenant pools at most, default 100 @return this */
        public Builder maxTenants(int value) {
            maxTenants = value;
            return this;
        }

        /** @param value server connections at most across tenant pools, default 40 @return this */
        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        /** @param value connections per tenant pool at most, default 5 @return this */
        public Builder tenantPoolSize(int value) {
            tenantPoolSize = value;
            return this;
        }

        /** @param value idle time before a tenant pool closes, default 5 min @return this */
        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        /** @param value wait for a connection at most, default 10 s @return this */
        public Builder connectionTimeout(Duration value) {
            connectionTimeout = value;
            return this;
        }

        /** @param value password generator, default 40 characters from SecureRandom @return this */
        public Builder passwordGenerator(Supplier<String> value) {
            passwordGenerator = value;
            return this;
        }

        /**
         * @param value whether {@code createTenant} revokes {@code CONNECT} from {@code PUBLIC} on the
         *        other databases of the server, default false (then it refuses while one grants it)
         * @return this
         */
        public Builder revokePublicConnect(boolean value) {
            revokePublicConnect = value;
            return this;
        }

        /**
         * @param value the registry readers, default none
         * @return this
         * @deprecated the same as {@link #tenantLogins(List)}, the name every strategy's builder shares
         */
        @Deprecated(since = "0.1.0", forRemoval = true)
        public Builder registryReaders(List<String> value) {
            return tenantLogins(value);
        }

        /** @return the options */
        public DatabaseOptions build() {
            return new DatabaseOptions(prefix, template, schemas, forceOnDelete, maxTenants, maxConnections,
                    tenantPoolSize, idleTimeout, connectionTimeout, passwordGenerator, registrySchema, revokePublicConnect,
                    tenantLogins);
        }
    }
}
