package io.fahren.postgres.impl.cdi;

import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.TenantAware;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import javax.sql.DataSource;

/**
 * Produces the configured strategy's sides for injection. The {@link PostgresRuntime} owns them;
 * these producers only hand them out.
 *
 * <p>Application scoped; the scope is added by {@link PostgresExtension}.
 */
public class PostgresBeans {

    @Inject
    PostgresRuntime runtime;

    @Produces
    @Dependent
    Postgres postgres() {
        return runtime.postgres();
    }

    @Produces
    @Dependent
    PostgresTenants tenants() {
        return runtime.tenants();
    }

    @Produces
    @Dependent
    PostgresManagement management() {
        return runtime.management();
    }

    @Produces
    @Dependent
    @TenantAware
    DataSource tenantDataSource() {
        return runtime.tenants().dataSource();
    }
}
