package io.fahren.hibernate.injected;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.TenantId;
import io.fahren.hibernate.SchemaStrategyConfig;
import io.fahren.hibernate.TenantPersistenceContexts;
import io.fahren.hibernate.TenantSchemas;
import io.fahren.postgres.Postgres;
import io.fahren.test.Journal;
import io.fahren.test.TestConfig;
import io.fahren.testing.FahrenExtensions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.UUID;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * A Jakarta EE 11 container adds a {@code @Default EntityManager} bean of its own for each
 * persistence unit (Jakarta Persistence 3.2). Beside such a bean, {@code @Inject EntityManager}
 * still resolves to Fahren's tenant-bound one, instead of failing as ambiguous.
 */
@WithPostgres
class ContainerEntityManagerBeanTest {

    /** Stands in for the container's bean: a plain {@code @Default EntityManager}, never created here. */
    @ApplicationScoped
    static class ContainerUnitBean {
        @Produces
        EntityManager containersOwn() {
            throw new AssertionError("the container's EntityManager must not be the one injected");
        }
    }

    @Test
    void fahrensTenantEntityManagerWinsOverTheContainersDefaultOne(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = SchemaStrategyConfig.withNewLogin(db, "jee11_" + run, "je_", "fahren_jee11");
        try (TestConfig ignored = TestConfig.with(config);
                WeldContainer container = new Weld().disableDiscovery()
                        .addExtensions(FahrenExtensions.of(TenantId.class, Postgres.class, TenantSchemas.class))
                        .addBeanClasses(Journal.class, JpaResources.class, ContainerUnitBean.class).initialize()) {
            assertThat(container.select(EntityManager.class).isResolvable()).isTrue();
            assertThat(container.select(EntityManager.class).getHandle().getBean().getBeanClass())
                    .isEqualTo(TenantPersistenceContexts.class);
        }
    }
}
