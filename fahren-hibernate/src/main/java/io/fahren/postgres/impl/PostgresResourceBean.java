package io.fahren.postgres.impl;

import io.fahren.TenantId;
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
public class PostgresResourceBean implements TenantResource {

    @Inject
    PostgresRuntime runtime;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public void provision(TenantId tenantId) throws Exception {
        runtime.management().resource().provision(tenantId);
    }

    @Override
    public void deprovision(TenantId tenantId) throws Exception {
        runtime.management().resource().deprovision(tenantId);
    }
}
