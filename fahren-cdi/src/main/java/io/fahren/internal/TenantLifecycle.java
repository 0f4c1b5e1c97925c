package io.fahren.internal;

import io.fahren.Tenant;
import io.fahren.TenantAlreadyExistsException;
import io.fahren.TenantAttributes;
import io.fahren.TenantDeletionException;
import io.fahren.TenantId;
import io.fahren.TenantOperationException;
import io.fahren.TenantProvisioningException;
import io.fahren.TenantState;
import io.fahren.TenantStateException;
import io.fahren.UnknownTenantException;
import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import java.util.ArrayList;
import java.util.Collections;
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
        return create(tenantId, Map.of());
    }

    /**
     * @param tenantId the tenant to create
     * @param attributes its attributes, recorded before any resource runs (so resources may read them)
     * @return the ACTIVE tenant
     * @throws IllegalArgumentException when the attributes break {@link TenantAttributes}' rules; nothing is touched
     * @throws TenantAlreadyExistsException when it is provisioned already (ACTIVE, MIGRATION_FAILED or suspended)
     * @throws TenantProvisioningException when a resource fails (after compensation)
     */
    public Tenant create(TenantId tenantId, Map<String, String> attributes) {
        Map<String, String> checked = TenantAttributes.requireNoneReserved(TenantAttributes.of(attributes));
        return measured("create", tenantId, operation -> {
            Optional<Tenant> existing = registry.find(tenantId);
            if (existing.filter(t -> t.state().isProvisioned()).isPresent()) {
                throw new TenantAlreadyExistsException(tenantId);
            }
            if (existing.isPresent()) {
                cleanUpLeftover(existing.get(), operation);
            }
            return provisionAll(tenantId, checked, operation);
        });
    }

    /**
     * Runs one lifecycle operation holding the tenant's lock, measured: its outcome and, when a
     * resource failed, the first failed resource go to the telemetry.
     */
    private <T> T measured(String name, TenantId tenantId, Function<LifecycleTelemetry.Operation, T> work) {
        LifecycleTelemetry.Operation operation = LifecycleTelemetry.start(name, tenantId);
        try (TenantRegistry.Lock lock = registry.lock(tenantId)) {
            T result = work.apply(operation);
            operation.end(null, null);
            return result;
        } catch (TenantProvisioningException e) {
            operation.end(e, e.resource());
            throw e;
        } catch (TenantOperationException e) {
            operation.end(e, e.failedResources().isEmpty() ? null : e.failedResources().get(0));
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
        return measured("delete", tenantId, operation -> {
            if (registry.find(tenantId).isEmpty()) {
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
            return true;
        });
    }

    private Tenant provisionAll(TenantId tenantId, Map<String, String> attributes,
            LifecycleTelemetry.Operation operation) {
        registry.put(tenantId, TenantState.PROVISIONING);
        if (!attributes.isEmpty()) {
            try {
                registry.putAttributes(tenantId, attributes);
            } catch (RuntimeException e) {
                throw rollBack(tenantId, "tenant registry", List.of(), e, operation);
            }
        }
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
        Map<String, Throwable> failures = destroyScopedBeans(tenantId);
        failures.putAll(eachResource(tenantId, operation, "deprovision", true, TenantResource::deprovision));
        return failures;
    }

    private Map<String, Throwable> destroyScopedBeans(TenantId tenantId) {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        List<RuntimeException> scoped = beforeDeprovision.apply(tenantId);
        if (!scoped.isEmpty()) {
            RuntimeException first = scoped.get(0);
            scoped.stream().skip(1).forEach(first::addSuppressed);
            failures.put(SCOPED_BEANS, first);
        }
        return failures;
    }

    /** One step of a resource, such as {@link TenantResource#suspend}. */
    @FunctionalInterface
    private interface Step {
        void run(TenantResource resource, TenantId tenantId) throws Exception;
    }

    /** Runs a step on every resource, in provisioning order or its reverse, past failures, and returns them. */
    private Map<String, Throwable> eachResource(TenantId tenantId, LifecycleTelemetry.Operation operation,
            String stepName, boolean reverse, Step step) {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        List<TenantResource> ordered = new ArrayList<>(resources.get());
        if (reverse) {
            Collections.reverse(ordered);
        }
        for (TenantResource resource : ordered) {
            LifecycleTelemetry.Step span = operation.step(stepName, resource.name());
            try {
                step.run(resource, tenantId);
                span.end(null);
            } catch (Exception e) {
                span.end(e);
                LOG.log(Level.WARNING, "Resource '" + resource.name() + "' failed to " + stepName + " tenant '"
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
     * Suspends a provisioned tenant: records SUSPENDING (which the tenants side refuses at once),
     * destroys its scoped beans, runs every resource's {@link TenantResource#suspend} in reverse
     * order past failures, and records SUSPENDED. Suspending a SUSPENDED tenant does nothing.
     *
     * @param tenantId the tenant
     * @return the SUSPENDED tenant
     * @throws io.fahren.UnknownTenantException when it does not exist
     * @throws TenantStateException when it is being created or deleted, or FAILED
     * @throws TenantOperationException when a resource failed: the tenant stays SUSPENDING (refused), and the next
     *         {@code suspendTenant} retries every resource
     */
    public Tenant suspend(TenantId tenantId) {
        return transition(tenantId, "suspend", TenantState.SUSPENDED, TenantState.SUSPENDING, true,
                TenantResource::suspend, "suspendTenant");
    }

    /**
     * Resumes a suspended tenant: records RESUMING (still refused), runs every resource's
     * {@link TenantResource#resume} in provisioning order past failures, and records ACTIVE.
     * Resuming an ACTIVE tenant does nothing.
     *
     * @param tenantId the tenant
     * @return the ACTIVE tenant
     * @throws io.fahren.UnknownTenantException when it does not exist
     * @throws TenantStateException when it is not suspended (or on its way in or out)
     * @throws TenantOperationException when a resource failed: the tenant stays RESUMING (refused), and the next
     *         {@code resumeTenant} retries every resource
     */
    public Tenant resume(TenantId tenantId) {
        return transition(tenantId, "resume", TenantState.ACTIVE, TenantState.RESUMING, false,
                TenantResource::resume, "resumeTenant");
    }

    private Tenant transition(TenantId tenantId, String name, TenantState target, TenantState during,
            boolean reverse, Step step, String retry) {
        return measured(name, tenantId, operation -> {
            Tenant current = requireProvisioned(tenantId, name);
            if (current.state() == target) {
                return current;
            }
            if (target == TenantState.ACTIVE && !current.state().isSuspension()) {
                throw new TenantStateException(tenantId, current.state(), "Tenant '" + tenantId + "' is "
                        + current.state() + ", not suspended; only a suspended tenant can be resumed.");
            }
            registry.put(tenantId, during);
            Map<String, Throwable> failures = reverse ? destroyScopedBeans(tenantId) : new LinkedHashMap<>();
            failures.putAll(eachResource(tenantId, operation, name, reverse, step));
            if (!failures.isEmpty()) {
                throw new TenantOperationException(tenantId, failures, "Could not " + name + " tenant '" + tenantId
                        + "': " + summary(failures) + ". The tenant is left " + during + " and refused; fix the cause "
                        + "and call " + retry + " again, which retries every resource.");
            }
            return registry.put(tenantId, target);
        });
    }

    /**
     * Rotates the credentials of a provisioned tenant in every resource, in provisioning order past
     * failures. Its state does not change: it keeps working throughout.
     *
     * @param tenantId the tenant
     * @return the tenant
     * @throws io.fahren.UnknownTenantException when it does not exist
     * @throws TenantStateException when it is being created or deleted, or FAILED
     * @throws TenantOperationException when a resource failed; the tenant still works, and the next rotation
     *         finishes the failed ones
     */
    public Tenant rotate(TenantId tenantId) {
        return measured("rotate", tenantId, operation -> {
            Tenant current = requireProvisioned(tenantId, "rotate the credentials of");
            Map<String, Throwable> failures = eachResource(tenantId, operation, "rotate", false,
                    TenantResource::rotateCredentials);
            if (!failures.isEmpty()) {
                throw new TenantOperationException(tenantId, failures, "Rotating the credentials of tenant '" + tenantId
                        + "' failed for " + summary(failures) + ". The tenant keeps working on its old or new "
                        + "credentials; fix the cause and call rotateCredentials again, which finishes the rotation.");
            }
            return current;
        });
    }

    /**
     * Replaces a tenant's attributes, under its lifecycle lock; Fahren's own ({@link
     * TenantAttributes#RESERVED_PREFIX}) are kept.
     *
     * @param tenantId the tenant
     * @param attributes its new attributes
     * @return the tenant as stored
     * @throws IllegalArgumentException when the attributes break {@link TenantAttributes}' rules; nothing changes
     * @throws io.fahren.UnknownTenantException when it does not exist
     */
    public Tenant updateAttributes(TenantId tenantId, Map<String, String> attributes) {
        Map<String, String> checked = TenantAttributes.of(attributes);
        try (TenantRegistry.Lock lock = registry.lock(tenantId)) {
            Tenant current = registry.find(tenantId).orElseThrow(() -> unknown(tenantId));
            return registry.putAttributes(tenantId, TenantAttributes.keepingReserved(current.attributes(), checked))
                    .orElseThrow(() -> unknown(tenantId));
        }
    }

    private Tenant requireProvisioned(TenantId tenantId, String what) {
        Tenant current = registry.find(tenantId).orElseThrow(() -> unknown(tenantId));
        if (!current.state().isProvisioned()) {
            throw new TenantStateException(tenantId, current.state(), "Cannot " + what + " tenant '" + tenantId
                    + "': it is " + current.state() + ". Finish it first: createTenant provisions it afresh, "
                    + "deleteTenant removes it.");
        }
        return current;
    }

    private static UnknownTenantException unknown(TenantId tenantId) {
        return new UnknownTenantException(tenantId, "Tenant '" + tenantId + "' does not exist. Create it with "
                + "createTenant first.");
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
