package io.fahren.hibernate.injected;

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

/** What an application writes to hand Fahren its multi-tenant persistence unit (in a container: @PersistenceUnit). */
@ApplicationScoped
public class JpaResources {

    @Produces
    @TenantAware
    @ApplicationScoped
    EntityManagerFactory entityManagerFactory() {
        return byClassNames().buildSessionFactory();
    }

    /** @return the unit wired to Fahren by class names only, as {@code persistence.xml} would be */
    public static Configuration byClassNames() {
        return new Configuration().addAnnotatedClass(Note.class)
                .setProperty(AvailableSettings.HBM2DDL_AUTO, "none")
                .setProperty(AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER, FahrenMultiTenantConnectionProvider.class.getName())
                .setProperty(AvailableSettings.MULTI_TENANT_IDENTIFIER_RESOLVER, FahrenTenantIdentifierResolver.class.getName());
    }

    void close(@Disposes @TenantAware EntityManagerFactory factory) {
        factory.close();
    }
}
