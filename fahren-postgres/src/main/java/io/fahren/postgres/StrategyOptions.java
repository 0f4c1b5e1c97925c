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
}
