package io.fahren.impl;

import io.fahren.internal.TenantIdPolicy;
import io.fahren.internal.ActiveTenantCheck;
import io.fahren.FahrenConfigurationException;
import io.fahren.RunAsTenant;
import io.fahren.spi.TenantResource;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Annotated;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fahren's portable extension: registers the internal beans, the {@code @TenantScoped} context and
 * the {@code @RunAsTenant} interceptor, and reports every misconfiguration as a deployment problem.
 */
public class FahrenExtension implements Extension {

    /**
     * The internal beans and the bean-defining annotation each gets here rather than in its source,
     * so annotated-mode discovery of the fahren-cdi jar never finds them a second time.
     */
    private static final Map<Class<?>, Annotation> INTERNAL_BEANS = Map.of(
            DefaultTenantManagement.class, ApplicationScoped.Literal.INSTANCE,
            TenantResources.class, ApplicationScoped.Literal.INSTANCE,
            InMemoryTenantRegistry.class, ApplicationScoped.Literal.INSTANCE,
            RunAsTenantInterceptor.class, InterceptorLiteral.INSTANCE,
            SecretsProducer.class, ApplicationScoped.Literal.INSTANCE,
            ActiveTenantCheck.class, ApplicationScoped.Literal.INSTANCE,
            RequestEndCleanup.class, ApplicationScoped.Literal.INSTANCE);

    /** Needs JAX-RS, so it is added only when JAX-RS is on the class path; named so nothing loads it early. */
    private static final String HTTP_TENANTS = "io.fahren.impl.HttpTenants";

    private final TenantContext tenantContext = new TenantContext();
    private final Map<Bean<?>, Integer> resourcePriorities = new ConcurrentHashMap<>();
    private final List<TenantSource> constantTenants = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<SourceKey, TenantSource> tenantSources = new ConcurrentHashMap<>();
    private volatile FahrenConfig config;

    void registerInternalBeans(@Observes BeforeBeanDiscovery event) {
        INTERNAL_BEANS.forEach((type, definingAnnotation) ->
                event.addAnnotatedType(type, FahrenExtension.class.getName() + "." + type.getSimpleName())
                        .add(definingAnnotation));
        jaxRsType(HTTP_TENANTS).ifPresent(type ->
                event.addAnnotatedType(type, FahrenExtension.class.getName() + ".HttpTenants")
                        .add(ApplicationScoped.Literal.INSTANCE));
    }

    private static Optional<Class<?>> jaxRsType(String name) {
        try {
            Class.forName("jakarta.ws.rs.container.ContainerRequestFilter", false, FahrenExtension.class.getClassLoader());
            return Optional.of(Class.forName(name, false, FahrenExtension.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty(); // no JAX-RS: no HTTP tenant filter
        }
    }

    <T> void validateRunAsTenantUsage(@Observes @WithAnnotations(RunAsTenant.class) ProcessAnnotatedType<T> event) {
        AnnotatedType<T> type = event.getAnnotatedType();
        if (type.isAnnotationPresent(Interceptor.class)) {
            return;
        }
        RunAsTenant classBinding = type.getAnnotation(RunAsTenant.class);
        for (AnnotatedMethod<? super T> annotated : type.getMethods()) {
            Method method = annotated.getJavaMember();
            RunAsTenant binding = annotated.isAnnotationPresent(RunAsTenant.class)
                    ? annotated.getAnnotation(RunAsTenant.class) : classBinding;
            if (binding == null || !isBusinessMethod(method)) {
                continue;
            }
            TenantSource source = TenantSource.analyse(method, binding, problems);
            if (source != null && source.constant().isPresent()) {
                constantTenants.add(source);
            }
        }
    }

    <T> void collectResourcePriorities(@Observes ProcessBean<T> event) {
        Bean<T> bean = event.getBean();
        if (!bean.getTypes().contains(TenantResource.class)) {
            return;
        }
        Integer priority = priorityOf(event.getAnnotated(), bean);
        if (priority == null) {
            problems.add("TenantResource bean " + bean.getBeanClass().getName() + " has no @Priority. "
                    + "Annotate it with @jakarta.annotation.Priority(n); resources are provisioned in ascending order.");
        } else {
            resourcePriorities.put(bean, priority);
        }
    }

    void registerTenantContext(@Observes AfterBeanDiscovery event) {
        event.addContext(tenantContext);
    }

    void validate(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
        List<String> found = new ArrayList<>(problems);
        try {
            config = FahrenConfig.load(ConfigProvider.getConfig(), found);
        } catch (IllegalStateException | ServiceConfigurationError e) {
            found.add("No MicroProfile Config implementation is available (" + e.getMessage() + "). "
                    + "Run on a MicroProfile runtime or add one, such as io.smallrye.config:smallrye-config.");
        }
        TenantIdPolicy policy = config == null ? TenantIdPolicy.defaultPolicy() : config.tenantIds();
        for (TenantSource source : constantTenants) {
            try {
                policy.parse(source.constant().orElseThrow());
            } catch (RuntimeException e) {
                found.add("The " + source.description() + " is not a valid tenant id: " + e.getMessage());
            }
        }
        try {
            TenantResources resources = (TenantResources) beanManager.getReference(
                    beanManager.resolve(beanManager.getBeans(TenantResources.class)), TenantResources.class,
                    beanManager.createCreationalContext(null));
            resources.ordered();
        } catch (FahrenConfigurationException e) {
            found.add(e.getMessage());
        } catch (RuntimeException e) {
            found.add("The TenantResource beans could not be created: " + e);
        }
        if (found.isEmpty()) {
            TenantIdPolicy.install(policy);
        }
        found.forEach(problem -> event.addDeploymentProblem(new FahrenConfigurationException(problem)));
    }

    void destroyTenantInstances(@Observes BeforeShutdown event) {
        tenantContext.destroyAll();
        TenantIdPolicy.reset();
    }

    /**
     * @return the configuration read at deployment
     * @throws IllegalStateException before deployment validation
     */
    FahrenConfig config() {
        FahrenConfig current = config;
        if (current == null) {
            throw new IllegalStateException("Fahren's configuration is read at deployment validation; it is not "
                    + "available yet");
        }
        return current;
    }

    /**
     * @return the {@code @TenantScoped} context
     */
    public TenantContext tenantContext() {
        return tenantContext;
    }

    /**
     * Where a {@code @RunAsTenant} method finds its tenant, worked out once per method and bean
     * class (a class-level binding may differ between two beans inheriting the same method). Kept
     * here, per deployment, rather than in a static cache that would pin application classes.
     */
    TenantSource tenantSource(Method method, Class<?> beanClass) {
        return tenantSources.computeIfAbsent(new SourceKey(method, beanClass), key -> TenantSource.of(method, beanClass));
    }

    private record SourceKey(Method method, Class<?> beanClass) {
    }

    int priorityOf(Bean<?> bean) {
        Integer priority = resourcePriorities.get(bean);
        if (priority == null) {
            throw new FahrenConfigurationException("TenantResource bean " + bean.getBeanClass().getName()
                    + " has no @Priority; annotate it with @jakarta.annotation.Priority(n).");
        }
        return priority;
    }

    private static Integer priorityOf(Annotated annotated, Bean<?> bean) {
        if (bean instanceof Prioritized prioritized) {
            return prioritized.getPriority();
        }
        Priority priority = annotated == null ? null : annotated.getAnnotation(Priority.class);
        return priority == null ? null : priority.value();
    }

    private static boolean isBusinessMethod(Method method) {
        int modifiers = method.getModifiers();
        return !Modifier.isPrivate(modifiers) && !Modifier.isStatic(modifiers) && !method.isSynthetic()
                && method.getDeclaringClass() != Object.class;
    }
}
