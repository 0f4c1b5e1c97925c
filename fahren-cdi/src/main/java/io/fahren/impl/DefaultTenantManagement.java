package io.fahren.impl;

import io.fahren.Tenant;
import io.fahren.TenantAlreadyExistsException;
import io.fahren.TenantCreated;
import io.fahren.TenantDeleted;
import io.fahren.TenantDeletionException;
import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.TenantProvisioningException;
import io.fahren.TenantState;
import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Orchestrates the {@link TenantResource}s: ordered provisioning with compensation, crash
 * recovery, and a delete that tries every resource.
 *
 * <p>Application scoped; the scope is added by {@link FahrenExtension} (see {@code package-info}).
 */
public class DefaultTenantManagement implements TenantManagement {

    private static final Logger LOG = Logger.getLogger(DefaultTenantManagement.class.getName());
    private static final String SCOPED_BEANS = "@TenantScoped beans";

    @Inject
    TenantRegistry registry;

    @Inject
    TenantResources resources;

    @Inject
    FahrenExtension extension;

    @Inject
    Event<TenantCreated> created;

    @Inject
    Event<TenantDeleted> deleted;

    @Override
    public Tenant createTenant(String rawId) {
        TenantId tenantId = TenantId.of(rawId);
        Tenant tenant;
        try (TenantRegistry.Lock lock = registry.lock(tenantId)) {
            Optional<Tenant> existing = registry.find(tenantId);
            if (existing.filter(Tenant::isActive).isPresent()) {
                throw new TenantAlreadyExistsException(tenantId);
            }
            existing.ifPresent(this::cleanUpLeftover);
            tenant = provisionAll(tenantId);
        }
        created.fire(new TenantCreated(tenantId));
        return tenant;
    }

    @Override
    public void deleteTenant(String rawId) {
        TenantId tenantId = TenantId.of(rawId);
        try (TenantRegistry.Lock lock = registry.lock(tenantId)) {
            if (registry.find(tenantId).isEmpty()) {
                return;
            }
            registry.put(tenantId, TenantState.DELETING);
            Map<String, Throwable> failures = deprovisionAll(tenantId);
            if (!failures.isEmpty()) {
                registry.put(tenantId, TenantState.FAILED);
                throw new TenantDeletionException(tenantId, failures, "Deleting tenant '" + tenantId + "' failed for "
                        + summary(failures)
                        + ". Every other resource was removed. The tenant is kept as FAILED; fix the cause and call "
                        + "deleteTenant again, which retries every resource.");
            }
            registry.remove(tenantId);
        }
        deleted.fire(new TenantDeleted(tenantId));
    }

    @Override
    public Optional<Tenant> find(String rawId) {
        return registry.find(TenantId.of(rawId));
    }

    @Override
    public List<Tenant> list() {
        return registry.list();
    }

    private Tenant provisionAll(TenantId tenantId) {
        registry.put(tenantId, TenantState.PROVISIONING);
        List<TenantResource> done = new ArrayList<>();
        for (TenantResource resource : resources.ordered()) {
            try {
                resource.provision(tenantId);
            } catch (Exception e) {
                throw rollBack(tenantId, resource.name(), done, e);
            }
            done.add(resource);
        }
        try {
            return registry.put(tenantId, TenantState.ACTIVE);
        } catch (RuntimeException e) {
            throw rollBack(tenantId, "tenant registry", done, e);
        }
    }

    private TenantProvisioningException rollBack(TenantId tenantId, String failedResource,
            List<TenantResource> done, Exception cause) {
        List<String> stuck = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            TenantResource resource = done.get(i);
            try {
                resource.deprovision(tenantId);
            } catch (Exception e) {
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

    private void cleanUpLeftover(Tenant leftover) {
        TenantId tenantId = leftover.id();
        LOG.warning("Tenant '" + tenantId + "' was left " + leftover.state() + " (by a crash or a failed "
                + "rollback); removing its resources before provisioning it again.");
        registry.put(tenantId, TenantState.DELETING);
        Map<String, Throwable> failures = deprovisionAll(tenantId);
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
    private Map<String, Throwable> deprovisionAll(TenantId tenantId) {
        Map<String, Throwable> failures = new LinkedHashMap<>();
        List<RuntimeException> scoped = extension.tenantContext().destroyTenant(tenantId);
        if (!scoped.isEmpty()) {
            RuntimeException first = scoped.get(0);
            scoped.stream().skip(1).forEach(first::addSuppressed);
            failures.put(SCOPED_BEANS, first);
        }
        List<TenantResource> ordered = resources.ordered();
        for (int i = ordered.size() - 1; i >= 0; i--) {
            TenantResource resource = ordered.get(i);
            try {
                resource.deprovision(tenantId);
            } catch (Exception e) {
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
}
