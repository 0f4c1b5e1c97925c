package io.fahren.postgres.impl.cdi;

import io.fahren.internal.DelegatingResource;
import io.fahren.spi.TenantResource;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;

/**
 * The configured PostgreSQL strategy as a {@link TenantResource} of {@code TenantManagement}. It
 * comes first (priority 100): a tenant's database objects exist before resources that may use them.
 *
 * <p>Application scoped; the scope is added by {@link PostgresExtension}.
 */
@Priority(100)
public class PostgresResourceBean extends DelegatingResource {

    @Inject
    PostgresRuntime runtime;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    protected TenantResource delegate() {
        return runtime.management().resource();
    }
}
