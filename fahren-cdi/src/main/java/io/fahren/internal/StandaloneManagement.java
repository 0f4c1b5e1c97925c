package io.fahren.internal;

import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import io.fahren.BulkProgress;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantPage;
import io.fahren.TenantQuery;
import io.fahren.TenantState;
import io.fahren.internal.TenantLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The management side of one strategy used on its own, without CDI's
 * {@link io.fahren.TenantManagement}: the same rules (all-or-nothing create, crash recovery, a
 * delete that tries everything) over a registry and a single resource. Strategy modules extend it
 * with their own setup steps.
 */
public class StandaloneManagement {

    private final TenantRegistry registry;
    private final TenantResource resource;
    private final TenantLifecycle lifecycle;
    private final Consumer<TenantId> forget;

    /**
     * @param registry where tenants are recorded and locked
     * @param resource the strategy's resource
     * @param forget drops a tenant from the tenants side's ACTIVE cache; called before and after
     *        deprovisioning, so this process refuses the tenant at once
     */
    protected StandaloneManagement(TenantRegistry registry, TenantResource resource, Consumer<TenantId> forget) {
        this(registry, resource, List.of(), forget);
    }

    /**
     * @param registry where tenants are recorded and locked
     * @param resource the strategy's resource
     * @param steps more provisioning steps, run in this order after the strategy's resource (and
     *        deprovisioned in reverse before it), with the same compensation and crash recovery
     * @param forget drops a tenant from the tenants side's ACTIVE cache; called before and after
     *        deprovisioning, so this process refuses the tenant at once
     */
    protected StandaloneManagement(TenantRegistry registry, TenantResource resource, List<TenantResource> steps,
            Consumer<TenantId> forget) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(forget, "forget");
        this.resource = new TenantResource() {
            @Override
            public String name() {
                return resource.name();
            }

            @Override
            public void provision(TenantId tenantId) throws Exception {
                resource.provision(tenantId);
            }

            @Override
            public void suspend(TenantId tenantId) throws Exception {
                resource.suspend(tenantId);
            }

            @Override
            public void resume(TenantId tenantId) throws Exception {
                resource.resume(tenantId);
            }

            @Override
            public void rotateCredentials(TenantId tenantId) throws Exception {
                resource.rotateCredentials(tenantId);
            }

            @Override
            public void deprovision(TenantId tenantId) throws Exception {
                forget.accept(tenantId);
                try {
                    resource.deprovision(tenantId);
                } finally {
                    forget.accept(tenantId);
                }
            }
        };
        List<TenantResource> all = new ArrayList<>();
        all.add(this.resource);
        all.addAll(steps);
        List<TenantResource> ordered = List.copyOf(all);
        this.lifecycle = new TenantLifecycle(registry, () -> ordered, id -> List.of());
        this.forget = forget;
    }

    /**
     * @param tenantId the raw tenant id
     * @return the ACTIVE tenant
     * @throws io.fahren.InvalidTenantIdException when the id is malformed
     * @throws io.fahren.TenantAlreadyExistsException when it exists already
     * @throws io.fahren.TenantProvisioningException when provisioning failed; nothing is left behind
     */
    public Tenant createTenant(String tenantId) {
        return lifecycle.create(TenantId.of(tenantId));
    }

    /**
     * @param tenantId the raw tenant id
     * @return whether there was a tenant to delete
     * @throws io.fahren.TenantDeletionException when a step failed; calling again finishes it
     */
    public boolean deleteTenant(String tenantId) {
        return lifecycle.delete(TenantId.of(tenantId));
    }

    /**
     * @param tenantId the raw tenant id
     * @return the tenant, in whatever state
     */
    public Optional<Tenant> find(String tenantId) {
        return registry.find(TenantId.of(tenantId));
    }

    /** @return every tenant, ordered by id */
    public List<Tenant> list() {
        return registry.list();
    }

    /**
     * Moves a provisioned tenant between ACTIVE and MIGRATION_FAILED, under its lifecycle lock;
     * this process's tenants side sees the change at once (others within their ACTIVE cache's
     * few seconds).
     *
     * @param tenantId the raw tenant id
     * @param from the state it must be in
     * @param to the state it moves to
     * @return the tenant as it is now: moved, or unchanged when it was not in {@code from}
     * @throws IllegalArgumentException unless both states are ACTIVE or MIGRATION_FAILED
     */
    public Optional<Tenant> move(String tenantId, TenantState from, TenantState to) {
        TenantId id = TenantId.of(tenantId);
        try {
            return lifecycle.move(id, from, to);
        } finally {
            forget.accept(id);
        }
    }

    /**
     * @param tenantId the raw tenant id
     * @param attributes its metadata
     * @return the ACTIVE tenant
     * @see io.fahren.TenantManagement#createTenant(String, Map)
     */
    public Tenant createTenant(String tenantId, Map<String, String> attributes) {
        return lifecycle.create(TenantId.of(tenantId), attributes);
    }

    /**
     * @param tenantId the raw tenant id
     * @param attributes its new attributes
     * @return the tenant as stored
     * @see io.fahren.TenantManagement#updateAttributes
     */
    public Tenant updateAttributes(String tenantId, Map<String, String> attributes) {
        return lifecycle.updateAttributes(TenantId.of(tenantId), attributes);
    }

    /**
     * @param tenantId the raw tenant id
     * @return the SUSPENDED tenant
     * @see io.fahren.TenantManagement#suspendTenant
     */
    public Tenant suspendTenant(String tenantId) {
        TenantId id = TenantId.of(tenantId);
        forget.accept(id);
        try {
            return lifecycle.suspend(id);
        } finally {
            forget.accept(id);
        }
    }

    /**
     * @param tenantId the raw tenant id
     * @return the ACTIVE tenant
     * @see io.fahren.TenantManagement#resumeTenant
     */
    public Tenant resumeTenant(String tenantId) {
        TenantId id = TenantId.of(tenantId);
        try {
            return lifecycle.resume(id);
        } finally {
            forget.accept(id);
        }
    }

    /**
     * @param tenantId the raw tenant id
     * @return the tenant
     * @see io.fahren.TenantManagement#rotateCredentials(String)
     */
    public Tenant rotateCredentials(String tenantId) {
        return lifecycle.rotate(TenantId.of(tenantId));
    }

    /**
     * @param which the tenants
     * @param parallelism how many at once
     * @param progress told after each tenant
     * @return the outcome
     * @see io.fahren.TenantManagement#rotateCredentials(TenantQuery, int, java.util.function.Consumer)
     */
    public BulkProgress rotateCredentials(TenantQuery which, int parallelism, Consumer<BulkProgress> progress) {
        return BulkRun.run(registry, which, parallelism, lifecycle::rotate, progress);
    }

    /**
     * @param query the filters, cursor and page size
     * @return one page of tenants
     */
    public TenantPage list(TenantQuery query) {
        return registry.list(query);
    }

    /** @return the strategy as a resource of {@link io.fahren.TenantManagement} */
    public TenantResource resource() {
        return resource;
    }
}
