package io.fahren.postgres;

import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.impl.TenantLifecycle;
import io.fahren.impl.ActiveTenants;
import io.fahren.postgres.impl.Strategy;
import io.fahren.postgres.impl.RlsIsolation;
import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The management side: sets up the strategy, creates and deletes tenants. It follows the same
 * rules as {@link io.fahren.TenantManagement} (all-or-nothing create, crash recovery, a delete that
 * tries everything), recording tenants in the {@link PostgresTenantRegistry}.
 *
 * <pre>{@code
 * PostgresManagement management = rls.forManagement();
 * management.setup();                 // or RlsOptions.autoSetup(true)
 * management.createTenant("acme");
 * management.deleteTenant("acme");    // deletes acme's rows from every tenant table
 * }</pre>
 */
public final class PostgresManagement {

    private final DataSource dataSource;
    private final Strategy isolation;
    private final TenantRegistry registry;
    private final TenantResource resource;
    private final ActiveTenants active;
    private final TenantLifecycle lifecycle;

    PostgresManagement(DataSource dataSource, Strategy isolation, TenantRegistry registry, TenantResource resource,
            ActiveTenants active) {
        this.dataSource = dataSource;
        this.isolation = isolation;
        this.registry = registry;
        this.active = active;
        this.resource = new ForgettingResource(resource, active);
        this.lifecycle = new TenantLifecycle(registry, () -> List.of(this.resource), id -> List.of());
    }

    /**
     * Sets up row-level security: the NOLOGIN tenant role, grants (sequences included), ENABLE and
     * FORCE ROW LEVEL SECURITY and the policies, in one transaction.
     *
     * @return the tables set up, as {@code schema.table}
     * @throws io.fahren.FahrenConfigurationException when a table already has a policy of Fahren's name
     */
    public List<String> setup() {
        try (Connection c = dataSource.getConnection()) {
            return isolation.setup(c);
        } catch (SQLException e) {
            throw RlsIsolation.failure("setup", e);
        }
    }

    /**
     * @param tenantId the raw tenant id
     * @return the ACTIVE tenant
     * @throws io.fahren.TenantAlreadyExistsException when it exists already
     * @throws io.fahren.TenantProvisioningException when provisioning failed; nothing is left behind
     */
    public Tenant createTenant(String tenantId) {
        return lifecycle.create(TenantId.of(tenantId));
    }

    /**
     * Deletes the tenant's rows from every tenant table, in one transaction, and forgets it.
     *
     * @param tenantId the raw tenant id
     */
    public void deleteTenant(String tenantId) {
        lifecycle.delete(TenantId.of(tenantId));
    }

    /**
     * @param tenantId the raw tenant id
     * @return the tenant, in whatever state
     */
    public Optional<Tenant> find(String tenantId) {
        return registry.find(TenantId.of(tenantId));
    }

    /** @return every tenant */
    public List<Tenant> list() {
        return registry.list();
    }

    /** @return this strategy as a resource, for {@link io.fahren.TenantManagement} */
    public TenantResource resource() {
        return resource;
    }

    /** Drops the tenant from the ACTIVE cache around deprovisioning, so this process refuses it at once. */
    private record ForgettingResource(TenantResource delegate, ActiveTenants active) implements TenantResource {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void provision(TenantId tenantId) throws Exception {
            delegate.provision(tenantId);
        }

        @Override
        public void deprovision(TenantId tenantId) throws Exception {
            active.forget(tenantId);
            try {
                delegate.deprovision(tenantId);
            } finally {
                active.forget(tenantId);
            }
        }
    }
}
