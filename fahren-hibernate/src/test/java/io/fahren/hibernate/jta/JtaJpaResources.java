package io.fahren.hibernate.jta;

import io.fahren.hibernate.injected.JpaResources;
import io.fahren.postgres.TenantAware;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.cfg.AvailableSettings;

/** A JTA persistence unit configured by class names only, as {@code persistence.xml} would be in a container. */
@ApplicationScoped
public class JtaJpaResources {

    @Produces
    @TenantAware
    @ApplicationScoped
    EntityManagerFactory entityManagerFactory() {
        return JpaResources.byClassNames()
                .setProperty(AvailableSettings.TRANSACTION_COORDINATOR_STRATEGY, "jta")
                .setProperty(AvailableSettings.JTA_PLATFORM, "JBossTS")
                .buildSessionFactory();
    }

    void close(@Disposes @TenantAware EntityManagerFactory factory) {
        factory.close();
    }
}
