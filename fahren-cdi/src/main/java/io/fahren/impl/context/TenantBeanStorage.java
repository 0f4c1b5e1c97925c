package io.fahren.impl.context;

import io.fahren.internal.Exclusive;
import io.fahren.TenantId;
import jakarta.enterprise.context.spi.Contextual;
import jakarta.enterprise.context.spi.CreationalContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Holds the contextual instances of {@code @TenantScoped} beans, one map per tenant.
 */
final class TenantBeanStorage {

    private final ConcurrentMap<TenantId, Instances> tenants = new ConcurrentHashMap<>();

    Instances of(TenantId tenantId) {
        return tenants.computeIfAbsent(tenantId, id -> new Instances());
    }

    Instances peek(TenantId tenantId) {
        return tenants.get(tenantId);
    }

    /**
     * Detaches and destroys every instance of a tenant.
     *
     * @return the failures of disposers and {@code @PreDestroy} methods
     */
    List<RuntimeException> destroy(TenantId tenantId) {
        Instances removed = tenants.remove(tenantId);
        return removed == null ? List.of() : removed.destroyAll();
    }

    List<TenantId> tenantIds() {
        return List.copyOf(tenants.keySet());
    }

    /** The instances of one tenant. Creation is serialized per tenant so each bean is created once. */
    static final class Instances {

        private final ConcurrentMap<Contextual<?>, Entry<?>> entries = new ConcurrentHashMap<>();
        private final Exclusive creation = new Exclusive();

        @SuppressWarnings("unchecked")
        <T> T get(Contextual<T> contextual) {
            Entry<T> entry = (Entry<T>) entries.get(contextual);
            return entry == null ? null : entry.instance();
        }

        @SuppressWarnings("unchecked")
        <T> T getOrCreate(Contextual<T> contextual, CreationalContext<T> creationalContext) {
            Entry<T> entry = (Entry<T>) entries.get(contextual);
            if (entry != null) {
                return entry.instance();
            }
            // A reentrant lock rather than computeIfAbsent: creating one bean may create another
            // tenant-scoped bean of the same tenant on this thread, which must not deadlock.
            return creation.call(() -> {
                Entry<T> existing = (Entry<T>) entries.get(contextual);
                if (existing == null) {
                    existing = new Entry<>(contextual, contextual.create(creationalContext), creationalContext);
                    entries.put(contextual, existing);
                }
                return existing.instance();
            });
        }

        RuntimeException destroy(Contextual<?> contextual) {
            Entry<?> entry = entries.remove(contextual);
            return entry == null ? null : entry.destroy();
        }

        List<RuntimeException> destroyAll() {
            List<RuntimeException> failures = new ArrayList<>();
            for (Map.Entry<Contextual<?>, Entry<?>> e : entries.entrySet()) {
                if (entries.remove(e.getKey(), e.getValue())) {
                    RuntimeException failure = e.getValue().destroy();
                    if (failure != null) {
                        failures.add(failure);
                    }
                }
            }
            return failures;
        }
    }

    private record Entry<T>(Contextual<T> contextual, T instance, CreationalContext<T> creationalContext) {
        RuntimeException destroy() {
            try {
                contextual.destroy(instance, creationalContext);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }
    }
}
