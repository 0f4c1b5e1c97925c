package io.fahren.postgres;

import io.fahren.postgres.impl.config.PostgresConfigKey;
import io.fahren.postgres.impl.sql.Sql;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Options of the schema-per-tenant strategy: a shared pool that switches role ({@code SET ROLE}
 * mode, the default), or a LOGIN role and pool per tenant ({@link #perTenantLogins()}).
 *
 * <pre>{@code
 * SchemaOptions options = SchemaOptions.builder()
 *         .tenantLogins(List.of("app"))   // the tenants side logs in as "app"
 *         .build();                             // schema and role tenant_<id>
 * }</pre>
 *
 * @param schemaPrefix prefix of each tenant's schema
 * @param rolePrefix prefix of each tenant's NOLOGIN role
 * @param bindingMode session or transaction binding
 * @param poolSize the maximum size of the tenants-side pool
 * @param registrySchema the schema of the tenant registry table in the management database
 * @param tenantLogins tenants-side login roles granted each tenant role (shared-pool mode)
 * @param perTenantLogins whether each tenant role is a LOGIN role with its own password in the
 *        secrets provider and its own pool, instead of a NOLOGIN role reached by {@code SET ROLE}
 * @param pools limits of the per-tenant pools (per-tenant-login mode)
 * @param passwordGenerator makes each tenant role's password (per-tenant-login mode; at least 32 characters)
 * @param deleteLockTimeout how long {@code deleteTenant} waits for transactions holding locks in the
 *        tenant's schema before it fails, dropping nothing
 */
public record SchemaOptions(String schemaPrefix, String rolePrefix, BindingMode bindingMode, int poolSize,
        String registrySchema, List<String> tenantLogins, boolean perTenantLogins, TenantPoolOptions pools,
        Supplier<String> passwordGenerator, Duration deleteLockTimeout) implements StrategyOptions {

    /**
     * @throws IllegalArgumentException when a prefix is not a short lower-case name
     */
    public SchemaOptions {
        for (String prefix : List.of(schemaPrefix, rolePrefix)) {
            if (!prefix.matches("[a-z_][a-z0-9_]{0,6}")) {
                throw new IllegalArgumentException("Prefix '" + prefix + "' must match [a-z_][a-z0-9_]{0,6}, so that "
                        + "prefix plus a 56-character tenant id fits a 63-byte identifier");
            }
        }
        Objects.requireNonNull(bindingMode, "bindingMode");
        Sql.identifier(registrySchema);
        tenantLogins = List.copyOf(tenantLogins);
        tenantLogins.forEach(Sql::identifier);
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        Objects.requireNonNull(pools, "pools");
        Objects.requireNonNull(passwordGenerator, "passwordGenerator");
        Sql.checkLockTimeout(deleteLockTimeout);
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static SchemaOptions defaults() {
        return builder().build();
    }

    /** Builds {@link SchemaOptions}; every setter is optional. */
    public static final class Builder extends SharedDatabaseBuilder<Builder> {
        private String schemaPrefix = PostgresConfigKey.SCHEMA_PREFIX.defaultValue();
        private String rolePrefix = PostgresConfigKey.SCHEMA_PREFIX.defaultValue();
        private boolean perTenantLogins = PostgresConfigKey.SCHEMA_PER_TENANT_LOGINS.defaultBoolean();
        private TenantPoolOptions pools = TenantPoolOptions.defaults();
        private Supplier<String> passwordGenerator = DatabaseOptions::randomPassword;

        private Builder() {
        }

        /** @param value schema prefix, default {@code tenant_} @return this */
        public Builder schemaPrefix(String value) {
            schemaPrefix = value;
            return this;
        }

        /** @param value role prefix, default {@code tenant_} @return this */
        public Builder rolePrefix(String value) {
            rolePrefix = value;
            return this;
        }

        /**
         * @param value login roles granted each tenant role (shared-pool mode), default none
         * @return this
         * @deprecated the same as {@link #tenantLogins(List)}, the name every strategy's builder shares
         */
        @Deprecated(since = "0.1.0", forRemoval = true)
        public Builder grantTenantRolesTo(List<String> value) {
            return tenantLogins(value);
        }

        /** @param value give each tenant its own LOGIN role and pool, default false (shared pool) @return this */
        public Builder perTenantLogins(boolean value) {
            perTenantLogins = value;
            return this;
        }

        /** @param value limits of the per-tenant pools, default {@link TenantPoolOptions#defaults()} @return this */
        public Builder pools(TenantPoolOptions value) {
            pools = value;
            return this;
        }

        /** @param value password generator, default 40 characters from SecureRandom @return this */
        public Builder passwordGenerator(Supplier<String> value) {
            passwordGenerator = value;
            return this;
        }

        /** @return the options */
        public SchemaOptions build() {
            return new SchemaOptions(schemaPrefix, rolePrefix, bindingMode, poolSize, registrySchema, tenantLogins,
                    perTenantLogins, pools, passwordGenerator, deleteLockTimeout);
        }
    }
}
