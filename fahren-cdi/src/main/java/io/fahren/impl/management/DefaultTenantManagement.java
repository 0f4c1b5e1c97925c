package io.fahren.impl.management;

import io.fahren.BulkProgress;
import io.fahren.TenantPage;
import io.fahren.TenantQuery;
import io.fahren.internal.BulkRun;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
    public Tenant createTenant(String rawId, Map<String, String> attributes) {
        TenantId tenantId = TenantId.of(rawId);
        Tenant tenant = lifecycle.create(tenantId, attributes);
        created.fire(new TenantCreated(tenantId));
        return tenant;
    }

    @Override
    public Tenant updateAttributes(String rawId, Map<String, String> attributes) {
        TenantId tenantId = TenantId.of(rawId);
        try {
            return lifecycle.updateAttributes(tenantId, attributes);
        } finally {
            active.forget(tenantId);
        }
    }

    @Override
    public Tenant suspendTenant(String rawId) {
        TenantId tenantId = TenantId.of(rawId);
        return refreshing(tenantId, () -> lifecycle.suspend(tenantId));
    }

    @Override
    public Tenant resumeTenant(String rawId) {
        TenantId tenantId = TenantId.of(rawId);
        return refreshing(tenantId, () -> lifecycle.resume(tenantId));
    }

    /** Runs a state change with this process's ACTIVE cache forgetting the tenant before and after. */
    private Tenant refreshing(TenantId tenantId, Supplier<Tenant> change) {
        active.forget(tenantId);
        try {
            return change.get();
        } finally {
            active.forget(tenantId);
        }
    }

    @Override
    public Tenant rotateCredentials(String rawId) {
        return lifecycle.rotate(TenantId.of(rawId));
    }

    @Override
    public BulkProgress rotateCredentials(TenantQuery which, int parallelism, Consumer<BulkProgress> progress) {
        return BulkRun.run(registry, which, parallelism, lifecycle::rotate, progress);
    }

    @Override
    public TenantPage list(TenantQuery query) {
        return registry.list(query);
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
