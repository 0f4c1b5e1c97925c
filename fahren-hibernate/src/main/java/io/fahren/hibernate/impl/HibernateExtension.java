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
 */
public class HibernateExtension implements Extension {

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
