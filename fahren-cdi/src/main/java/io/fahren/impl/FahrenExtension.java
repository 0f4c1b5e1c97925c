package io.fahren.impl;

import io.fahren.FahrenConfigurationException;
import io.fahren.RunAsTenant;
import io.fahren.TenantChangeListener;
import io.fahren.TenantIdPolicy;
import io.fahren.impl.config.ConfigKey;
import io.fahren.impl.config.FahrenConfig;
import io.fahren.impl.context.RequestEndCleanup;
import io.fahren.impl.context.TenantContext;
import io.fahren.impl.context.TenantSource;
import io.fahren.impl.health.HealthRegistration;
import io.fahren.impl.health.RegistryProbe;
import io.fahren.impl.health.SecretsProbe;
import io.fahren.impl.interceptor.AsyncRequestEnd;
import io.fahren.impl.interceptor.AsyncRequestEndInterceptor;
import io.fahren.impl.interceptor.InterceptorLiteral;
import io.fahren.impl.interceptor.RunAsTenantInterceptor;
import io.fahren.impl.logging.LogContext;
import io.fahren.impl.management.DefaultTenantManagement;
import io.fahren.impl.management.InMemoryTenantRegistry;
import io.fahren.impl.management.TenantResources;
import io.fahren.impl.runtime.FahrenRuntime;
import io.fahren.impl.secrets.SecretsProducer;
import io.fahren.impl.telemetry.TelemetryStarter;
import io.fahren.internal.ActiveTenantCheck;
import io.fahren.internal.FahrenScheduler;
import io.fahren.spi.TenantResource;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
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
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
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
            AsyncRequestEndInterceptor.class, InterceptorLiteral.INSTANCE,
            SecretsProducer.class, ApplicationScoped.Literal.INSTANCE,
            ActiveTenantCheck.class, ApplicationScoped.Literal.INSTANCE,
            RequestEndCleanup.class, ApplicationScoped.Literal.INSTANCE,
            RegistryProbe.class, ApplicationScoped.Literal.INSTANCE,
            SecretsProbe.class, ApplicationScoped.Literal.INSTANCE);

    private static final Logger LOG = Logger.getLogger(FahrenExtension.class.getName());
    private static final String MANAGED_SCHEDULER = "java:comp/DefaultManagedScheduledExecutorService";
    private static final Class<? extends Annotation> JAX_RS_PATH = optionalAnnotation("jakarta.ws.rs.Path");

    private final TenantContext tenantContext = new TenantContext();
    private final FahrenRuntime runtime = new FahrenRuntime(tenantContext);
    private final List<TenantSource> constantTenants = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    void registerInternalBeans(@Observes BeforeBeanDiscovery event) {
        INTERNAL_BEANS.forEach((type, definingAnnotation) ->
                event.addAnnotatedType(type, FahrenExtension.class.getName() + "." + type.getSimpleName())
                        .add(definingAnnotation));
        if (optionalClass("org.eclipse.microprofile.health.Readiness") != null
                && enabled(ConfigKey.HEALTH_ENABLED)) {
            HealthRegistration.registerChecks(event, FahrenExtension.class.getName() + ".");
        }
        if (optionalClass("io.opentelemetry.api.OpenTelemetry") != null && enabled(ConfigKey.TELEMETRY_ENABLED)) {
            event.addAnnotatedType(TelemetryStarter.class, FahrenExtension.class.getName() + ".TelemetryStarter")
                    .add(ApplicationScoped.Literal.INSTANCE);
        }
    }

    /** Read before discovery, to decide whether optional beans exist; a wrong value fails validation later. */
    private static boolean enabled(ConfigKey key) {
        try {
            return !"false".equals(ConfigProvider.getConfig().getOptionalValue(key.key(), String.class)
                    .map(String::trim).orElse("true"));
        } catch (RuntimeException | ServiceConfigurationError e) {
            return true; // no MicroProfile Config: reported by validate
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

    /**
     * Binds each JAX-RS resource class with an asynchronous method to
     * {@link AsyncRequestEndInterceptor}, so that method ends the request's tenant on the request
     * thread. Other resource classes are left alone, and so is a class CDI could not intercept (a
     * final class or method), with a warning. JAX-RS is optional: without it there are no resource
     * classes.
     */
    <T> void endAsyncRequestsOnTheirThread(@Observes ProcessAnnotatedType<T> event) {
        AnnotatedType<T> type = event.getAnnotatedType();
        if (JAX_RS_PATH == null || !type.isAnnotationPresent(JAX_RS_PATH) || type.getMethods().stream()
                .noneMatch(m -> AsyncRequestEndInterceptor.isAsynchronous(m.getJavaMember()))) {
            return;
        }
        if (!interceptable(type.getJavaClass())) {
            LOG.warning("JAX-RS resource " + type.getJavaClass().getName() + " has asynchronous methods but is final "
                    + "or has final methods, so CDI cannot intercept it: after such a request its thread keeps the "
                    + "tenant until its next JAX-RS request. Make the class and its methods non-final.");
            return;
        }
        event.configureAnnotatedType().add(AsyncRequestEnd.Literal.INSTANCE);
    }

    private static boolean interceptable(Class<?> type) {
        if (Modifier.isFinal(type.getModifiers())) {
            return false;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                int modifiers = method.getModifiers();
                if (Modifier.isFinal(modifiers) && !Modifier.isStatic(modifiers) && !Modifier.isPrivate(modifiers)) {
                    return false;
                }
            }
        }
        return true;
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
            runtime.resourcePriority(bean, priority);
        }
    }

    void registerTenantContext(@Observes AfterBeanDiscovery event) {
        event.addContext(tenantContext);
        // the one bean through which Fahren's beans see what this extension learnt
        event.addBean().beanClass(FahrenRuntime.class).types(FahrenRuntime.class, Object.class)
                .scope(Dependent.class).createWith(creation -> runtime);
    }

    void validate(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
        List<String> found = new ArrayList<>(problems);
        FahrenConfig config = null;
        try {
            config = FahrenConfig.load(ConfigProvider.getConfig(), found);
            runtime.configured(config);
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
            installLogContext(config);
            useManagedScheduler();
        }
        found.forEach(problem -> event.addDeploymentProblem(new FahrenConfigurationException(problem)));
    }

    void destroyTenantInstances(@Observes BeforeShutdown event) {
        tenantContext.destroyAll();
        TenantIdPolicy.reset();
        TenantChangeListener.reset();
        FahrenScheduler.reset();
    }

    /**
     * Runs Fahren's periodic work on the container's default managed scheduled executor when
     * there is one (Jakarta Concurrency); otherwise it keeps its own daemon thread.
     */
    private static void useManagedScheduler() {
        try {
            Object found = new InitialContext().lookup(MANAGED_SCHEDULER);
            if (found instanceof ScheduledExecutorService executor) {
                FahrenScheduler.useManaged(executor);
            }
        } catch (NamingException | RuntimeException e) {
            FahrenScheduler.reset(); // no container executor here (Java SE, or no Concurrency feature)
        }
    }

    /** Puts the current tenant in the MDC of the logging libraries the application can see. */
    private static void installLogContext(FahrenConfig config) {
        LogContext logContext = LogContext.of(config.mdcKey(), FahrenExtension.class.getClassLoader());
        if (logContext == null) {
            TenantChangeListener.reset();
        } else {
            TenantChangeListener.install(logContext);
        }
    }

    private static Class<? extends Annotation> optionalAnnotation(String name) {
        Class<?> type = optionalClass(name);
        return type == null ? null : type.asSubclass(Annotation.class);
    }

    private static Class<?> optionalClass(String name) {
        try {
            return Class.forName(name, false, FahrenExtension.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
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
