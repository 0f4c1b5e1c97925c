package io.fahren.impl.context;

import io.fahren.TenantId;
import io.fahren.TenantScoped;
import io.fahren.Tenants;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.spi.AlterableContext;
import jakarta.enterprise.context.spi.Contextual;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.Bean;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The context of {@link TenantScoped}: instances are kept per {@link Tenants#current()} tenant.
 */
public final class TenantContext implements AlterableContext {

    private static final Logger LOG = Logger.getLogger(TenantContext.class.getName());

    private final TenantBeanStorage storage = new TenantBeanStorage();

    @Override
    public Class<TenantScoped> getScope() {
        return TenantScoped.class;
    }

    /**
     * Always {@code true}, so the container hands every lookup to {@link #get}, which throws
     * {@link ContextNotActiveException} with guidance when there is no current tenant. A plain
     * "no active context" message from the container would not say how to set one. To test for a
     * tenant, use {@link Tenants#current()}.
     */
    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public <T> T get(Contextual<T> contextual, CreationalContext<T> creationalContext) {
        return storage.of(requireTenant(contextual)).getOrCreate(contextual, creationalContext);
    }

    @Override
    public <T> T get(Contextual<T> contextual) {
        TenantBeanStorage.Instances instances = storage.peek(requireTenant(contextual));
        return instances == null ? null : instances.get(contextual);
    }

    @Override
    public void destroy(Contextual<?> contextual) {
        TenantBeanStorage.Instances instances = storage.peek(requireTenant(contextual));
        RuntimeException failure = instances == null ? null : instances.destroy(contextual);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Destroys every instance of one tenant, running disposers as that tenant.
     *
     * @param tenantId the tenant
     * @return the failures of disposers or {@code @PreDestroy} methods; empty when all succeeded
     */
    public List<RuntimeException> destroyTenant(TenantId tenantId) {
        List<RuntimeException> failures = new ArrayList<>();
        Tenants.runAs(tenantId, () -> failures.addAll(storage.destroy(tenantId)));
        return failures;
    }

    /** Destroys every tenant's instances; used at container shutdown. Failures are logged. */
    public void destroyAll() {
        for (TenantId tenantId : storage.tenantIds()) {
            for (RuntimeException failure : destroyTenant(tenantId)) {
                LOG.log(Level.WARNING, "A @TenantScoped instance of tenant '" + tenantId
                        + "' failed to be destroyed at shutdown", failure);
            }
        }
    }

    private static TenantId requireTenant(Contextual<?> contextual) {
        return Tenants.current().orElseThrow(() -> new ContextNotActiveException(
                "@TenantScoped bean " + describe(contextual) + " was used with no current tenant. "
                        + "Set one first: Tenants.runAs(\"acme\", () -> ...), a @RunAsTenant method, "
                        + "or the HTTP tenant filter for requests."));
    }

    private static String describe(Contextual<?> contextual) {
        return contextual instanceof Bean<?> bean ? bean.getBeanClass().getName() : String.valueOf(contextual);
    }
}
