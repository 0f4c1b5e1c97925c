package io.fahren.hibernate.impl;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantScoped;
import io.fahren.hibernate.TenantPersistenceContexts;
import io.fahren.postgres.TenantAware;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The portable extension of {@code fahren-hibernate}: when the application declares a
 * {@code @TenantAware EntityManagerFactory}, adds the {@code @TenantScoped} default
 * {@code EntityManager} that follows the current tenant. The PostgreSQL beans it builds on are
 * {@code fahren-postgres}'s.
 *
 * <p>The factory is taken from the bean discovery met, not looked up by type: on Payara, the bean
 * archive of a {@code WEB-INF/lib} jar does not see the beans of another jar or of
 * {@code WEB-INF/classes}, where the application's producer lives.
 *
 * <p>The {@code EntityManager} bean is an alternative of priority {@value #PRIORITY}
 * ({@code Interceptor.Priority.LIBRARY_BEFORE}): Jakarta EE 11 containers (Jakarta Persistence 3.2)
 * add a {@code @Default EntityManager} bean of their own for each unit, which is not bound to a
 * tenant; Fahren's wins the resolution instead of making it ambiguous. An application alternative
 * of a higher priority still replaces it.
 */
public class HibernateExtension implements Extension {

    /** The priority of the tenant {@code EntityManager} alternative: {@code Interceptor.Priority.LIBRARY_BEFORE}. */
    static final int PRIORITY = 1000;

    private final List<Bean<?>> tenantAwareFactories = new CopyOnWriteArrayList<>();

    <T> void findTenantAwareEntityManagerFactory(@Observes ProcessBean<T> event) {
        Bean<T> bean = event.getBean();
        if (bean.getTypes().contains(EntityManagerFactory.class)
                && bean.getQualifiers().stream().anyMatch(q -> q.annotationType() == TenantAware.class)) {
            tenantAwareFactories.add(bean);
        }
    }

    void addTenantEntityManager(@Observes AfterBeanDiscovery event) {
        if (tenantAwareFactories.size() > 1) {
            event.addDefinitionError(new FahrenConfigurationException("The application declares "
                    + tenantAwareFactories.size() + " @TenantAware EntityManagerFactory beans (" + tenantAwareFactories
                    + "); Fahren's @Inject EntityManager follows one tenant-aware unit. Keep @TenantAware on one producer "
                    + "and use the other units through @PersistenceUnit or a qualifier of your own."));
            return;
        }
        if (tenantAwareFactories.size() == 1) {
            Bean<?> factory = tenantAwareFactories.get(0);
            event.addBean()
                    .types(EntityManager.class, Object.class)
                    .scope(TenantScoped.class)
                    .alternative(true)
                    .priority(PRIORITY)
                    .beanClass(TenantPersistenceContexts.class)
                    .produceWith(lookup -> {
                        BeanManager beans = lookup.select(BeanManager.class).get();
                        EntityManagerFactory unit = (EntityManagerFactory) beans.getReference(factory,
                                EntityManagerFactory.class, beans.createCreationalContext(factory));
                        return new TenantPersistenceContexts(unit).entityManager();
                    });
        }
    }
}
