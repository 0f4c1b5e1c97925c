package io.fahren.impl.runtime;

import io.fahren.FahrenConfigurationException;
import io.fahren.impl.config.FahrenConfig;
import io.fahren.impl.context.TenantContext;
import io.fahren.impl.context.TenantSource;
import jakarta.enterprise.inject.spi.Bean;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code FahrenExtension} learns at deployment, handed to Fahren's beans as one bean of its
 * own. It is the only way beans reach the extension's state: no bean injects the extension, which
 * some CDI runtimes (SmallRye Fault Tolerance's pattern) expect of a portable extension, and which
 * keeps the package graph a tree (the extension registers the beans; the beans see only this).
 *
 * <p>One instance per deployment; thread-safe.
 */
public final class FahrenRuntime {

    private final TenantContext tenantContext;
    private final Map<Bean<?>, Integer> resourcePriorities = new ConcurrentHashMap<>();
    private final Map<SourceKey, TenantSource> tenantSources = new ConcurrentHashMap<>();
    private volatile FahrenConfig config;

    /** @param tenantContext the {@code @TenantScoped} context the extension registers */
    public FahrenRuntime(TenantContext tenantContext) {
        this.tenantContext = Objects.requireNonNull(tenantContext, "tenantContext");
    }

    /** @return the {@code @TenantScoped} context */
    public TenantContext tenantContext() {
        return tenantContext;
    }

    /**
     * @return the configuration read at deployment
     * @throws IllegalStateException before deployment validation
     */
    public FahrenConfig config() {
        FahrenConfig current = config;
        if (current == null) {
            throw new IllegalStateException("Fahren's configuration is read at deployment validation; it is not "
                    + "available yet");
        }
        return current;
    }

    /** @param loaded the configuration, read and checked at deployment validation */
    public void configured(FahrenConfig loaded) {
        config = Objects.requireNonNull(loaded, "loaded");
    }

    /**
     * @param bean a {@code TenantResource} bean
     * @param priority its {@code @Priority}
     */
    public void resourcePriority(Bean<?> bean, int priority) {
        resourcePriorities.put(bean, priority);
    }

    /**
     * @return every {@code TenantResource} bean of the deployment, as the extension saw them:
     *         whichever archive holds them (a server such as Payara resolves a library jar's
     *         injection points within that jar's archive only, so an {@code Instance} in Fahren's
     *         jar would miss the application's own resources)
     */
    public java.util.Set<Bean<?>> resourceBeans() {
        return java.util.Set.copyOf(resourcePriorities.keySet());
    }

    /**
     * @param bean a {@code TenantResource} bean
     * @return its priority: resources are provisioned in ascending order
     * @throws FahrenConfigurationException when the bean has none
     */
    public int priorityOf(Bean<?> bean) {
        Integer priority = resourcePriorities.get(bean);
        if (priority == null) {
            throw new FahrenConfigurationException("TenantResource bean " + bean.getBeanClass().getName()
                    + " has no @Priority; annotate it with @jakarta.annotation.Priority(n).");
        }
        return priority;
    }

    /**
     * Where a {@code @RunAsTenant} method finds its tenant, worked out once per method and bean
     * class (a class-level binding may differ between two beans inheriting the same method). Kept
     * here, per deployment, rather than in a static cache that would pin application classes.
     *
     * @param method the intercepted method
     * @param beanClass the class of the intercepted instance
     * @return the method's tenant source
     */
    public TenantSource tenantSource(Method method, Class<?> beanClass) {
        return tenantSources.computeIfAbsent(new SourceKey(method, beanClass), key -> TenantSource.of(method, beanClass));
    }

    private record SourceKey(Method method, Class<?> beanClass) {
    }

    @Override
    public String toString() {
        return "FahrenRuntime[" + (config == null ? "not configured yet" : "configured") + ", "
                + resourcePriorities.size() + " tenant resources]";
    }
}
