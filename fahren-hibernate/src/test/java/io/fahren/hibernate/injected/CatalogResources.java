package io.fahren.hibernate.injected;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;

/** A second, non-tenant persistence unit next to the tenant one, told apart by the application's qualifier. */
@ApplicationScoped
public class CatalogResources {

    static String url;
    static String user;
    static String password;

    @Produces
    @Catalog
    @ApplicationScoped
    EntityManagerFactory catalogFactory() {
        return new Configuration().addAnnotatedClass(Country.class)
                .setProperty(AvailableSettings.JAKARTA_JDBC_URL, url)
                .setProperty(AvailableSettings.JAKARTA_JDBC_USER, user)
                .setProperty(AvailableSettings.JAKARTA_JDBC_PASSWORD, password)
                .setProperty(AvailableSettings.HBM2DDL_AUTO, "none")
                .buildSessionFactory();
    }

    void closeFactory(@Disposes @Catalog EntityManagerFactory factory) {
        factory.close();
    }

    @Produces
    @Catalog
    @RequestScoped
    EntityManager catalog(@Catalog EntityManagerFactory factory) {
        return factory.createEntityManager();
    }

    void closeCatalog(@Disposes @Catalog EntityManager em) {
        em.close();
    }
}
