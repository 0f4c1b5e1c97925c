package io.fahren.impl.management;

import io.fahren.impl.runtime.FahrenRuntime;
import io.fahren.internal.TenantLifecycle;
import io.fahren.internal.ActiveTenantCheck;
import io.fahren.Tenant;
import io.fahren.TenantCreated;
import io.fahren.TenantDeleted;
import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.spi.TenantRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * {@link TenantManagement} for CDI: the {@link TenantLifecycle} over every {@code TenantResource}
 * bean, with the tenant's {@code @TenantScoped} instances destroyed before its resources go, and
 * the lifecycle events.
 *
 * <p>Application scoped; the scope is added by {@code io.fahren.impl.FahrenExtension}.
 */
public class DefaultTenantManagement implements TenantManagement {

    @Inject
    TenantRegistry registry;

    @Inject
    TenantResources resources;

    @Inject
    FahrenRuntime runtime;

    @Inject
    ActiveTenantCheck active;

    @Inject
    Event<TenantCreated> created;

    @Inject
    Event<TenantDeleted> deleted;

    private TenantLifecycle lifecycle;

    @PostConstruct
    void init() {
        lifecycle = new TenantLifecycle(registry, resources::ordered, runtime.tenantContext()::destroyTenant);
    }

    @Override
    public Tenant createTenant(String rawId) {
        TenantId tenantId = TenantId.of(rawId);
        Tenant tenant = lifecycle.create(tenantId);
        created.fire(new TenantCreated(tenantId));
        return tenant;
    }

    @Override
    public void deleteTenant(String rawId) {
        TenantId tenantId = TenantId.of(rawId);
        active.forget(tenantId);
        boolean removed;
        try {
            removed = lifecycle.delete(tenantId);
        } finally {
            active.forget(tenantId);
        }
        if (removed) {
            deleted.fire(new TenantDeleted(tenantId));
        }
    }

    @Override
    public Optional<Tenant> find(String rawId) {
        return registry.find(TenantId.of(rawId));
    }

    @Override
    public List<Tenant> list() {
        return registry.list();
    }
}
