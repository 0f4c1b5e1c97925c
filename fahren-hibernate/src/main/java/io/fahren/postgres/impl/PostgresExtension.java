package io.fahren.postgres.impl;

import io.fahren.FahrenConfigurationException;
import io.fahren.postgres.TenantAware;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.Extension;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portable extension of {@code fahren-hibernate}: registers the PostgreSQL beans (the
 * {@code TenantResource}, the registry, the producers), the tenant {@code EntityManager} when the
 * application declares a {@code @TenantAware EntityManagerFactory}, and reports every
 * {@code fahren.postgres.*} problem as a deployment problem.
 */
public class PostgresExtension implements Extension {

    private static final List<Class<?>> BEANS = List.of(PostgresRuntime.class, PostgresBeans.class,
            PostgresRegistryBean.class, PostgresResourceBean.class);

    private volatile PostgresSettings settings;
    private volatile boolean tenantAwareFactory;

    void registerBeans(@Observes BeforeBeanDiscovery event) {
        for (Class<?> type : BEANS) {
            event.addAnnotatedType(type, PostgresExtension.class.getName() + "." + type.getSimpleName())
                    .add(ApplicationScoped.Literal.INSTANCE);
        }
    }

    /** Notices a {@code @TenantAware EntityManagerFactory}; by name, so JPA stays optional. */
    <T> void findTenantAwareEntityManagerFactory(@Observes ProcessBean<T> event) {
        Bean<T> bean = event.getBean();
        boolean factory = bean.getTypes().stream()
                .anyMatch(t -> t instanceof Class<?> c && c.getName().equals("jakarta.persistence.EntityManagerFactory"));
        if (factory && bean.getQualifiers().stream().anyMatch(q -> q.annotationType() == TenantAware.class)) {
            tenantAwareFactory = true;
        }
    }

    /**
     * When the application declares a {@code @TenantAware EntityManagerFactory}, adds the
     * {@code @TenantScoped} default {@code EntityManager} that follows the current tenant.
     */
    void addTenantEntityManager(@Observes AfterBeanDiscovery event) {
        if (tenantAwareFactory) {
            JpaBeans.addTenantEntityManager(event);
        }
    }

    void validate(@Observes AfterDeploymentValidation event) {
        List<String> problems = new ArrayList<>();
        settings = PostgresSettings.load(ConfigProvider.getConfig(), problems).orElse(null);
        problems.forEach(problem -> event.addDeploymentProblem(new FahrenConfigurationException(problem)));
    }

    PostgresSettings settings() {
        PostgresSettings current = settings;
        if (current == null) {
            throw new IllegalStateException("fahren.postgres.* is read at deployment validation; it is not available yet");
        }
        return current;
    }
}
