package io.fahren.impl.management;

import io.fahren.FahrenConfigurationException;
import io.fahren.impl.runtime.FahrenRuntime;
import io.fahren.internal.Exclusive;
import io.fahren.spi.TenantResource;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every {@link TenantResource} bean, in provisioning order: ascending {@code @Priority}, then name.
 * The beans are the ones the extension saw, wherever they live, not what an injection point in
 * Fahren's own jar can see (on Payara, only that jar's archive).
 *
 * <p>Application scoped; the scope is added by {@code io.fahren.impl.FahrenExtension}.
 */
public class TenantResources {

    @Inject
    BeanManager beanManager;

    @Inject
    FahrenRuntime runtime;

    private final Exclusive lock = new Exclusive();
    private volatile List<TenantResource> ordered;

    /**
     * @return the resources in provisioning order
     * @throws FahrenConfigurationException when two resources share a name
     */
    public List<TenantResource> ordered() {
        List<TenantResource> result = ordered;
        if (result == null) {
            result = lock.call(() -> {
                if (ordered == null) {
                    ordered = resolve();
                }
                return ordered;
            });
        }
        return result;
    }

    private List<TenantResource> resolve() {
        record Ranked(int priority, String name, TenantResource resource) {
        }
        List<Ranked> ranked = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (Bean<?> bean : runtime.resourceBeans()) {
            TenantResource resource = (TenantResource) beanManager.getReference(bean, TenantResource.class,
                    beanManager.createCreationalContext(bean));
            String owner = bean.getBeanClass().getName();
            String previous = owners.put(resource.name(), owner);
            if (previous != null) {
                throw new FahrenConfigurationException("Two TenantResource beans are named '" + resource.name()
                        + "': " + previous + " and " + owner + ". Resource names must be unique; give one of them "
                        + "a resource id or a different name.");
            }
            ranked.add(new Ranked(runtime.priorityOf(bean), resource.name(), resource));
        }
        ranked.sort(Comparator.comparingInt(Ranked::priority).thenComparing(Ranked::name));
        return ranked.stream().map(Ranked::resource).toList();
    }
}
