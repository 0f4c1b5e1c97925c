package io.fahren.internal;

import io.fahren.Tenant;
import io.fahren.TenantAlreadyExistsException;
import io.fahren.TenantDeletionException;
import io.fahren.TenantId;
import io.fahren.TenantProvisioningException;
import io.fahren.TenantState;
import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The tenant lifecycle rules, free of CDI so the Java SE entry points of the strategy modules use
 * the very same ones as {@code TenantManagement}: ordered provisioning with compensation, crash
 * recovery of PROVISIONING/DELETING/FAILED leftovers, and a delete that tries every resource.
 * Every create and delete holds the registry's lock for the tenant.
 */
public final class TenantLifecycle {

    private static final Logger LOG = Logger.getLogger(TenantLifecycle.class.getName());
    private static final String SCOPED_BEANS = "@TenantScoped beans";

    private final TenantRegistry registry;
    private final Supplier<List<TenantResource>> resources;
    private final Function<TenantId, List<RuntimeException>> beforeDeprovision;

    /**
     * @param registry where states are recorded and locks taken
     * @param resources the resources in provisioning order
     * @param beforeDeprovision runs first when a tenant is removed (destroys its scoped beans) and
     *        returns its failures
     */
    public TenantLifecycle(TenantRegistry registry, Supplier<List<TenantResource>> resources,
            Function<TenantId, List<RuntimeException>> beforeDeprovision) {
        this.registry = registry;
        this.resources = resources;
        this.beforeDeprovision = beforeDeprovision;
    }

    /**
     * @param tenantId the tenant to create
     * @return the ACTIVE tenant
     * @throws TenantAlreadyExistsException when it is ACTIVE already (or MIGRATION_FAILED: provisioned, data kept)
     * @throws TenantProvisioningException when a resource fails (after compensation)
     */
    public Tenant create(TenantId tenantId) {
        LifecycleTelemetry.Operation operation = LifecycleTelemetry.start("create", tenantId);
        try (TenantRegistry.Lock lock = registry.lock(tenantId)) {
            Optional<Tenant> existing = registry.find(tenantId);
            if (existing.filter(t -> t.isActive() || t.state() == TenantState.MIGRATION_FAILED).isPresent()) {
                throw new TenantAlreadyExistsException(tenantId);
            }
            if (existing.isPresent()) {
                cleanUpLeftover(existing.get(), operation);
            }
            Tenant created = provisionAll(tenantId, operation);
            operation.end(null, null);
            return created;
        } catch (TenantProvisioningException e) {
            operation.end(e, e.resource());
            throw e;
        } catch (RuntimeException | Error e) {
            operation.end(e, null);
            throw e;
        }
    }

    /**
     * @param tenantId the tenant to delete
     * @return whether there was a tenant to delete
     * @throws TenantDeletionException when some resources failed (all were tried)
     */
    public boolean delete(TenantId tenantId) {
        LifecycleTelemetry.Operation operation = LifecycleTelemetry.start("delete", tenantId);
        try (TenantRegistry.Lock lock = registry.lock(tenantId)) {
            if (registry.find(tenantId).isEmpty()) {
                operation.end(null, null);
                return false;
            }
            registry.put(tenantId, TenantState.DELETING);
            Map<String, Throwable> failures = deprovisionAll(tenantId, operation);
            if (!failures.isEmpty()) {
                registry.put(tenantId, TenantState.FAILED);
                throw new TenantDeletionException(tenantId, failures, "Deleting tenant '" + tenantId + "' failed for "
                        + summary(failures)
                        + ". Every other resource was removed. The tenant is kept as FAILED; fix the cause and call "
                        + "deleteTenant again, which retries every resource.");
            }
            registry.remove(tenantId);
            operation.end(null, null);
            return true;
        } catch (TenantDeletionException e) {
            operation.end(e, e.failedResources().isEmpty() ? null : e.failedResources().get(0));
            throw e;
        } catch (RuntimeException | Error e) {
            operation.end(e, null);
            throw e;
        }
    }

    private Tenant provisionAll(TenantId tenantId, LifecycleTelemetry.Operation operation) {
        registry.put(tenantId, TenantState.PROVISIONING);
        List<TenantResource> done = new ArrayList<>();
        for (TenantResource resource : resources.get()) {
            LifecycleTelemetry.Step step = operation.step("provision", resource.name());
            try {
                resource.provision(tenantId);
            } catch (Exception e) {
                step.end(e);
                throw rollBack(tenantId, resource.name(), done, e, operation);
            }
            step.end(null);
            done.add(resource);
        }
        try {
            return registry.put(tenantId, TenantState.ACTIVE);
        } catch (RuntimeException e) {
            throw rollBack(tenantId, "tenant registry", done, e, operation);
        }
    }

    private TenantProvisioningException rollBack(TenantId tenantId, String failedResource,
            List<TenantResource> done, Exception cause, LifecycleTelemetry.Operation operation) {
        List<String> stuck = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            TenantResource resource = done.get(i);
            LifecycleTelemetry.Step step = operation.step("compensate", resource.name());
            try {
                resource.deprovision(tenantId);
                step.end(null);
            } catch (Exception e) {
                step.end(e);
                stuck.add(resource.name());
                cause.addSuppressed(e);
            }
        }
        String what = "Creating tenant '" + tenantId + "' failed at resource '" + failedResource + "': "
                + cause.getClass().getSimpleName() + ". ";
        if (stuck.isEmpty()) {
            registry.remove(tenantId);
            return new TenantProvisioningException(tenantId, failedResource, false, what
                    + "The resources before it were rolled back and the tenant was not recorded. "
                    + "Fix the cause (see the attached exception) and call createTenant again.", cause);
        }
        registry.put(tenantId, TenantState.FAILED);
        return new TenantProvisioningException(tenantId, failedResource, true, what
                + "Rolling back also failed for " + stuck + " (see the suppressed exceptions), so the tenant is "
                + "kept as FAILED. The next createTenant or deleteTenant for it retries the clean-up.", cause);
    }

    private void cleanUpLeftover(Tenant leftover, LifecycleTelemetry.Operation operation) {
        TenantId tenantId = leftover.id();
        LOG.warning("Tenant '" + tenantId + "' was left " + leftover.state() + " (by a crash or a failed "
                + "rollback); removing its resources before provisioning it again.");
        registry.put(tenantId, TenantState.DELETING);
        Map<String, Throwable> failures = deprovisionAll(tenantId, operation);
        if (!failures.isEmpty()) {
            registry.put(tenantId, TenantState.FAILED);
            TenantDeletionException cause = new TenantDeletionException(tenantId, failures,
                    "Cleaning up leftovers of tenant '" + tenantId + "' failed: " + summary(failures));
            throw new TenantProvisioningException(tenantId, failures.keySet().iterator().next(), true,
                    "Tenant '" + tenantId + "' was left " + leftover.state() + " and its leftovers could not be "
                            + "removed (" + summary(failures) + "). Nothing new was provisioned; it is kept as "
                            + "FAILED. Fix the cause and call createTenant or deleteTenant again.", cause);
        }
        registry.remove(tenantId);
    }

    /** Destroys the tenant's scoped beans, then deprovisions every resource in reverse order. */
    private Map<String, Throwable> deprovisionAll(TenantId tenantId, LifecycleTelemetry.Operation operation) {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        List<RuntimeException> scoped = beforeDeprovision.apply(tenantId);
        if (!scoped.isEmpty()) {
            RuntimeException first = scoped.get(0);
            scoped.stream().skip(1).forEach(first::addSuppressed);
            failures.put(SCOPED_BEANS, first);
        }
        List<TenantResource> ordered = resources.get();
        for (int i = ordered.size() - 1; i >= 0; i--) {
            TenantResource resource = ordered.get(i);
            LifecycleTelemetry.Step step = operation.step("deprovision", resource.name());
            try {
                resource.deprovision(tenantId);
                step.end(null);
            } catch (Exception e) {
                step.end(e);
                LOG.log(Level.WARNING, "Resource '" + resource.name() + "' failed to deprovision tenant '"
                        + tenantId + "'; continuing with the others", e);
                failures.put(resource.name(), e);
            }
        }
        return failures;
    }

    private static String summary(Map<String, Throwable> failures) {
        List<String> parts = new ArrayList<>();
        failures.forEach((name, e) -> parts.add(name + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
        return String.join(", ", parts);
    }

    /**
     * Moves a provisioned tenant between ACTIVE and a state the tenants side refuses, under its
     * lifecycle lock, so that it never races a create or a delete.
     *
     * @param tenantId the tenant
     * @param from the state it must be in
     * @param to the state it moves to
     * @return the tenant as it is now: moved, or unchanged when it was not in {@code from}
     *         (empty when it does not exist)
     * @throws IllegalArgumentException unless both are ACTIVE or MIGRATION_FAILED
     */
    public Optional<Tenant> move(TenantId tenantId, TenantState from, TenantState to) {
        for (TenantState state : List.of(from, to)) {
            if (state != TenantState.ACTIVE && state != TenantState.MIGRATION_FAILED) {
                throw new IllegalArgumentException("Only ACTIVE and MIGRATION_FAILED move this way, not " + state);
            }
        }
        try (TenantRegistry.Lock lock = registry.lock(tenantId)) {
            Optional<Tenant> current = registry.find(tenantId);
            if (current.isEmpty() || current.get().state() != from) {
                return current;
            }
            return Optional.of(registry.put(tenantId, to));
        }
    }
}
