package io.fahren.hibernate.jta;

import io.fahren.hibernate.FahrenMultiTenantConnectionProvider;
import io.fahren.hibernate.FahrenTenantIdentifierResolver;
import io.fahren.hibernate.Note;
import io.fahren.postgres.TenantAware;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;

/** A JTA persistence unit configured by class names only, as {@code persistence.xml} would be in a container. */
@ApplicationScoped
public class JtaJpaResources {

    @Produces
    @TenantAware
    @ApplicationScoped
    EntityManagerFactory entityManagerFactory() {
        return new Configuration().addAnnotatedClass(Note.class)
                .setProperty(AvailableSettings.HBM2DDL_AUTO, "none")
                .setProperty(AvailableSettings.TRANSACTION_COORDINATOR_STRATEGY, "jta")
                .setProperty(AvailableSettings.JTA_PLATFORM, "JBossTS")
                .setProperty(AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER, FahrenMultiTenantConnectionProvider.class.getName())
                .setProperty(AvailableSettings.MULTI_TENANT_IDENTIFIER_RESOLVER, FahrenTenantIdentifierResolver.class.getName())
                .buildSessionFactory();
    }

    void close(@Disposes @TenantAware EntityManagerFactory factory) {
        factory.close();
    }
}
