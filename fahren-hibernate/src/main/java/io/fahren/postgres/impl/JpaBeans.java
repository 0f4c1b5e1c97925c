package io.fahren.postgres.impl;

import io.fahren.TenantScoped;
import io.fahren.hibernate.TenantPersistenceContexts;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

/** The JPA beans, in a class of their own so applications without JPA never load it. */
final class JpaBeans {

    private JpaBeans() {
    }

    static void addTenantEntityManager(AfterBeanDiscovery event) {
        event.addBean()
                .types(EntityManager.class, Object.class)
                .scope(TenantScoped.class)
                .beanClass(TenantPersistenceContexts.class)
                .produceWith(lookup -> new TenantPersistenceContexts(
                        lookup.select(EntityManagerFactory.class, TenantAwareLiteral.INSTANCE).get()).entityManager());
    }
}
