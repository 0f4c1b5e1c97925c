package io.fahren.postgres.impl.cdi;

import io.fahren.internal.DelegatingRegistry;
import io.fahren.spi.TenantRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

/**
 * Replaces the in-memory registry with the table in the management database whenever
 * {@code fahren-postgres} is deployed.
 *
 * <p>Application scoped; the scope is added by {@link PostgresExtension}.
 */
@Alternative
@Priority(100)
public class PostgresRegistryBean extends DelegatingRegistry {

    @Inject
    PostgresRuntime runtime;

    @Override
    protected TenantRegistry delegate() {
        return runtime.registry();
    }
}
