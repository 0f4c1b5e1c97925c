package io.fahren.hibernate;

import io.fahren.postgres.Postgres;
import io.fahren.TenantId;
import io.fahren.testing.FahrenExtensions;
import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.postgres.PostgresTenants;
import io.fahren.test.Journal;
import io.fahren.test.TestConfig;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** The two settings as class names, as persistence.xml gives them: the provider finds the strategy through CDI. */
@WithPostgres
class CdiBootstrapTest {

    @Test
    void classNamesAloneWireHibernateToTheConfiguredStrategy(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = SchemaStrategyConfig.withNewLogin(db, "jcdi_" + run, "jc_", "fahren_jcdi");
        try (TestConfig ignored = TestConfig.with(config);
                WeldContainer container = new Weld().disableDiscovery()
                        .addExtensions(FahrenExtensions.of(TenantId.class, Postgres.class)).addBeanClass(Journal.class).initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            PostgresTenants tenants = container.select(PostgresTenants.class).get();
            for (String tenant : List.of("x-" + run, "y-" + run)) {
                management.createTenant(tenant);
                tenants.withConnection(tenant, c -> c.createStatement().execute(
                        "CREATE TABLE notes (id bigserial PRIMARY KEY, tenant_id text NOT NULL, body text)"));
            }
            Configuration configuration = new Configuration().addAnnotatedClass(Note.class)
                    .setProperty(AvailableSettings.HBM2DDL_AUTO, "none")
                    .setProperty(AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER, FahrenMultiTenantConnectionProvider.class.getName())
                    .setProperty(AvailableSettings.MULTI_TENANT_IDENTIFIER_RESOLVER, FahrenTenantIdentifierResolver.class.getName());
            try (SessionFactory factory = configuration.buildSessionFactory()) {
                Tenants.runAs("x-" + run, () -> {
                    EntityManager em = factory.createEntityManager();
                    em.getTransaction().begin();
                    em.persist(new Note("x-" + run, "from x"));
                    em.getTransaction().commit();
                    em.close();
                });
                long seenByY = Tenants.callAs("y-" + run, () -> {
                    EntityManager em = factory.createEntityManager();
                    try {
                        return em.createQuery("select count(n) from Note n", Long.class).getSingleResult();
                    } finally {
                        em.close();
                    }
                });
                assertThat(seenByY).isZero();
            }
        }
    }
}
