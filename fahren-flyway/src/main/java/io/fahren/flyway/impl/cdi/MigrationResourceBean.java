package io.fahren.flyway.impl.cdi;

import io.fahren.TenantId;
import io.fahren.internal.DelegatingResource;
import io.fahren.spi.TenantResource;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;

/**
 * The migrations as a {@link TenantResource} of {@code TenantManagement}, right after the
 * PostgreSQL resource (priority 100) has made the tenant's schema or database: priority 150.
 * With {@code fahren.migrations.on-create=false} it does nothing.
 *
 * <p>Application scoped; the scope is added by {@link MigrationExtension}.
 */
@Priority(150)
public class MigrationResourceBean extends DelegatingResource {

    private static final TenantResource OFF = new TenantResource() {
        @Override
        public String name() {
            return "migrations";
        }

        @Override
        public void provision(TenantId tenantId) {
        }

        @Override
        public void deprovision(TenantId tenantId) {
        }
    };

    @Inject
    MigrationRuntime runtime;

    @Override
    public String name() {
        return "migrations";
    }

    @Override
    protected TenantResource delegate() {
        return runtime.onCreate() ? runtime.migrations().step() : OFF;
    }
}
