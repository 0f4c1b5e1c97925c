package io.fahren.postgres;

import io.fahren.postgres.impl.config.PostgresConfigKey;
import java.time.Duration;
import java.util.List;

/**
 * The options every PostgreSQL strategy has, whatever else it needs.
 *
 * <pre>{@code
 * StrategyOptions options = RlsOptions.defaults();
 * options.bindingMode();   // SESSION
 * }</pre>
 */
public interface StrategyOptions {

    /** @return session or transaction binding */
    BindingMode bindingMode();

    /** @return the maximum size of the tenants-side pool */
    int poolSize();

    /** @return the schema of the tenant registry table in the management database */
    String registrySchema();

    /** @return tenants-side login roles that the management side grants tenant roles to */
    List<String> tenantLogins();

    /** The default of {@link #deleteLockTimeout()}. */
    Duration DEFAULT_DELETE_LOCK_TIMEOUT = Duration.ofSeconds(PostgresConfigKey.DELETE_LOCK_TIMEOUT.defaultInt());

    /**
     * @return how long {@code deleteTenant} waits for the tenant's open transactions (RLS: those
     *         that wrote as the tenant; schema: those holding locks in its schema) before it fails,
     *         changing nothing, so it can be called again
     */
    default Duration deleteLockTimeout() {
        return DEFAULT_DELETE_LOCK_TIMEOUT;
    }

    /**
     * The setters every strategy's options builder has, written once.
     *
     * @param <B> the concrete builder, returned by every setter so calls chain
     */
    abstract class Builder<B extends Builder<B>> {
        String registrySchema = PostgresConfigKey.REGISTRY_SCHEMA.defaultValue();
        List<String> tenantLogins = List.of();

        /** Only this package's options builders extend it. */
        Builder() {
        }

        /** @param value the registry schema, default {@code fahren} @return this */
        public B registrySchema(String value) {
            registrySchema = value;
            return self();
        }

        /**
         * @param value see {@link StrategyOptions#tenantLogins()}: the logins of processes that
         *        serve tenants, default none
         * @return this
         */
        public B tenantLogins(List<String> value) {
            tenantLogins = value;
            return self();
        }

        @SuppressWarnings("unchecked")
        B self() {
            return (B) this;
        }
    }

    /**
     * The setters of the strategies whose tenants share a database, and whose connections are
     * bound to a tenant: row-level security and schema per tenant.
     *
     * @param <B> the concrete builder
     */
    abstract class SharedDatabaseBuilder<B extends SharedDatabaseBuilder<B>> extends Builder<B> {
        BindingMode bindingMode = BindingMode.SESSION;
        int poolSize = PostgresConfigKey.POOL_SIZE.defaultInt();
        Duration deleteLockTimeout = DEFAULT_DELETE_LOCK_TIMEOUT;

        /** Only this package's options builders extend it. */
        SharedDatabaseBuilder() {
        }

        /** @param value session or transaction binding, default session @return this */
        public B bindingMode(BindingMode value) {
            bindingMode = value;
            return self();
        }

        /** @param value the tenants-side pool size, default 10 @return this */
        public B poolSize(int value) {
            poolSize = value;
            return self();
        }

        /** @param value see {@link StrategyOptions#deleteLockTimeout()}, default 30 s @return this */
        public B deleteLockTimeout(Duration value) {
            deleteLockTimeout = value;
            return self();
        }
    }
}
