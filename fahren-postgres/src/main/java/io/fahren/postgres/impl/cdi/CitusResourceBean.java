package io.fahren.postgres.impl.cdi;

import io.fahren.internal.DelegatingResource;
import io.fahren.spi.TenantResource;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;

/**
 * The Citus step ({@code fahren.postgres.citus=auto} or {@code required}) as a
 * {@link TenantResource}: right after the strategy's own step (priority 100), before migrations
 * and other resources, so that a schema is distributed before tables are created in it.
 *
 * <p>Application scoped; added by {@link PostgresExtension} only when the key asks for Citus.
 */
@Priority(150)
public class CitusResourceBean extends DelegatingResource {

    @Inject
    PostgresRuntime runtime;

    @Override
    public String name() {
        return "citus";
    }

    @Override
    protected TenantResource delegate() {
        return runtime.citus();
    }
}
