package io.fahren.hibernate.impl;

import io.fahren.TenantScoped;
import io.fahren.hibernate.TenantPersistenceContexts;
import io.fahren.postgres.TenantAware;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

/**
 * The portable extension of {@code fahren-hibernate}: when the application declares a
 * {@code @TenantAware EntityManagerFactory}, adds the {@code @TenantScoped} default
 * {@code EntityManager} that follows the current tenant. The PostgreSQL beans it builds on are
 * {@code fahren-postgres}'s.
 */
public class HibernateExtension implements Extension {

    private volatile boolean tenantAwareFactory;

    <T> void findTenantAwareEntityManagerFactory(@Observes ProcessBean<T> event) {
        Bean<T> bean = event.getBean();
        if (bean.getTypes().contains(EntityManagerFactory.class)
                && bean.getQualifiers().stream().anyMatch(q -> q.annotationType() == TenantAware.class)) {
            tenantAwareFactory = true;
        }
    }

    void addTenantEntityManager(@Observes AfterBeanDiscovery event) {
        if (tenantAwareFactory) {
            event.addBean()
                    .types(EntityManager.class, Object.class)
                    .scope(TenantScoped.class)
                    .beanClass(TenantPersistenceContexts.class)
                    .produceWith(lookup -> new TenantPersistenceContexts(
                            lookup.select(EntityManagerFactory.class, TenantAware.Literal.INSTANCE).get()).entityManager());
        }
    }
}
