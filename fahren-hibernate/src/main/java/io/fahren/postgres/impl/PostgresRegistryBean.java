package io.fahren.postgres.impl;

import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.spi.TenantRegistry;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Replaces the in-memory registry with the table in the management database whenever
 * {@code fahren-hibernate} is deployed.
 *
 * <p>Application scoped; the scope is added by {@link PostgresExtension}.
 */
@Alternative
@Priority(100)
public class PostgresRegistryBean implements TenantRegistry {

    @Inject
    PostgresRuntime runtime;

    @Override
    public Optional<Tenant> find(TenantId tenantId) {
        return runtime.postgres().registry().find(tenantId);
    }

    @Override
    public List<Tenant> list() {
        return runtime.postgres().registry().list();
    }

    @Override
    public Tenant put(TenantId tenantId, TenantState state) {
        return runtime.postgres().registry().put(tenantId, state);
    }

    @Override
    public void remove(TenantId tenantId) {
        runtime.postgres().registry().remove(tenantId);
    }

    @Override
    public Lock lock(TenantId tenantId) {
        return runtime.postgres().registry().lock(tenantId);
    }
}
