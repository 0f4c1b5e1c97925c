package io.fahren.postgres;

import io.fahren.postgres.impl.config.PostgresConfigKey;
import io.fahren.postgres.impl.sql.Sql;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Options of the row-level security strategy. Every option has a sensible default.
 *
 * <pre>{@code
 * RlsOptions options = RlsOptions.builder()
 *         .tenantColumn("tenant_id")            // tables with this column are tenant tables
 *         .tables(List.of("public.orders"))     // or leave empty to auto-detect
 *         .autoSetup(true)                      // set up RLS on the first createTenant
 *         .bindingMode(BindingMode.SESSION)
 *         .tenantLogins(List.of("app"))   // the tenants side logs in as "app"
 *         .build();
 * }</pre>
 *
 * @param tenantColumn the column holding the tenant id
 * @param tables explicit {@code schema.table} names, or empty to detect every table with the column
 * @param autoSetup whether {@code createTenant} sets up tables that are not set up yet
 * @param forceRlsOnTableOwner whether to {@code FORCE ROW LEVEL SECURITY}, so the table owner is
 *        bound by the policy too
 * @param tenantRole the NOLOGIN role tenant connections switch to
 * @param setting the custom setting that carries the tenant id
 * @param policyName the name of Fahren's policy on each table
 * @param bindingMode session or transaction binding
 * @param poolSize the maximum size of the tenants-side pool
 * @param registrySchema the schema of the tenant registry table in the management database
 * @param tenantLogins tenants-side login roles that setup grants the tenant role to
 * @param deleteLockTimeout how long {@code deleteTenant} waits for the tenant's open writing
 *        transactions before it fails, deleting nothing
 * @param scopeForeignKeys whether setup rewrites each foreign key between tenant tables that lacks
 *        the tenant column into its tenant-scoped form {@code (tenant_id, x) REFERENCES t
 *        (tenant_id, y)}, adding the unique key it needs; when false, setup and {@code
 *        createTenant} refuse such keys and print that DDL
 * @param unscopedConstraints {@code schema.table.constraint} names (or unique index names) of
 *        constraints that setup accepts although their checks reach across tenants: each is a
 *        knowing exception to the integrity check, with the exposure the RLS threat model
 *        describes
 */
public record RlsOptions(String tenantColumn, List<String> tables, boolean autoSetup, boolean forceRlsOnTableOwner,
        String tenantRole, String setting, String policyName, BindingMode bindingMode, int poolSize,
        String registrySchema, List<String> tenantLogins, Duration deleteLockTimeout, boolean scopeForeignKeys,
        List<String> unscopedConstraints) implements StrategyOptions {

    /**
     * @throws IllegalArgumentException when a name is invalid
     */
    public RlsOptions {
        Objects.requireNonNull(tenantColumn, "tenantColumn");
        tables = List.copyOf(tables);
        tenantLogins = List.copyOf(tenantLogins);
        unscopedConstraints = List.copyOf(unscopedConstraints);
        for (String constraint : unscopedConstraints) {
            if (constraint.split("\\.").length != 3) {
                throw new IllegalArgumentException("Unscoped constraint '" + constraint
                        + "' must be given as schema.table.constraint");
            }
        }
        tenantLogins.forEach(Sql::identifier);
        Sql.identifier(tenantColumn);
        Sql.identifier(tenantRole);
        Sql.identifier(policyName);
        Sql.identifier(registrySchema);
        Sql.settingLiteral(setting);
        Objects.requireNonNull(bindingMode, "bindingMode");
        for (String table : tables) {
            if (table.split("\\.").length != 2) {
                throw new IllegalArgumentException("Table '" + table + "' must be given as schema.table");
            }
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        Sql.checkLockTimeout(deleteLockTimeout);
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the defaults */
    public static RlsOptions defaults() {
        return builder().build();
    }

    /** Builds {@link RlsOptions}; every setter is optional. */
    public static final class Builder extends SharedDatabaseBuilder<Builder> {
        private String tenantColumn = PostgresConfigKey.RLS_TENANT_COLUMN.defaultValue();
        private List<String> tables = List.of();
        private boolean autoSetup = PostgresConfigKey.RLS_AUTO_SETUP.defaultBoolean();
        private boolean forceRlsOnTableOwner = PostgresConfigKey.RLS_FORCE.defaultBoolean();
        private String tenantRole = PostgresConfigKey.RLS_TENANT_ROLE.defaultValue();
        private String setting = "fahren.tenant_id";
        private String policyName = "fahren_tenant_isolation";
        private boolean scopeForeignKeys = PostgresConfigKey.RLS_SCOPE_FOREIGN_KEYS.defaultBoolean();
        private List<String> unscopedConstraints = List.of();

        private Builder() {
        }

        /** @param value the tenant column, default {@code tenant_id} @return this */
        public Builder tenantColumn(String value) {
            tenantColumn = value;
            return this;
        }

        /** @param value explicit {@code schema.table} names, default none (auto-detect) @return this */
        public Builder tables(List<String> value) {
            tables = value;
            return this;
        }

        /** @param value set up RLS on {@code createTenant}, default false @return this */
        public Builder autoSetup(boolean value) {
            autoSetup = value;
            return this;
        }

        /** @param value force RLS on the table owner too, default true @return this */
        public Builder forceRlsOnTableOwner(boolean value) {
            forceRlsOnTableOwner = value;
            return this;
        }

        /** @param value the NOLOGIN tenant role, default {@code fahren_tenant} @return this */
        public Builder tenantRole(String value) {
            tenantRole = value;
            return this;
        }

        /** @param value the custom setting, default {@code fahren.tenant_id} @return this */
        public Builder setting(String value) {
            setting = value;
            return this;
        }

        /** @param value the policy name, default {@code fahren_tenant_isolation} @return this */
        public Builder policyName(String value) {
            policyName = value;
            return this;
        }

        /**
         * @param value login roles setup grants the tenant role to, default none
         * @return this
         * @deprecated the same as {@link #tenantLogins(List)}, the name every strategy's builder shares
         */
        @Deprecated(since = "0.1.0", forRemoval = true)
        public Builder grantTenantRoleTo(List<String> value) {
            return tenantLogins(value);
        }

        /** @param value see {@link RlsOptions#scopeForeignKeys()}, default false @return this */
        public Builder scopeForeignKeys(boolean value) {
            scopeForeignKeys = value;
            return this;
        }

        /** @param value see {@link RlsOptions#unscopedConstraints()}, default none @return this */
        public Builder unscopedConstraints(List<String> value) {
            unscopedConstraints = value;
            return this;
        }

        /** @return the options */
        public RlsOptions build() {
            return new RlsOptions(tenantColumn, tables, autoSetup, forceRlsOnTableOwner, tenantRole, setting, policyName,
                    bindingMode, poolSize, registrySchema, tenantLogins, deleteLockTimeout, scopeForeignKeys, unscopedConstraints);
        }
    }
}
