package io.fahren.hibernate.injected;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantId;
import io.fahren.hibernate.SchemaStrategyConfig;
import io.fahren.hibernate.TenantSchemas;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.TenantAware;
import io.fahren.test.Journal;
import io.fahren.test.TestConfig;
import io.fahren.testing.FahrenExtensions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import java.util.UUID;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.api.Test;

/** The injected EntityManager follows one tenant-aware unit: two are refused when the application starts. */
@WithPostgres
class TwoTenantAwareUnitsTest {

    /** A second @TenantAware unit beside {@link JpaResources}'s; never built. */
    @ApplicationScoped
    static class SecondUnit {
        @Produces
        @TenantAware
        EntityManagerFactory second() {
            throw new AssertionError("the deployment must fail before any unit is built");
        }
    }

    @Test
    void twoTenantAwareFactoriesFailTheDeploymentNamingBoth(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = SchemaStrategyConfig.withNewLogin(db, "jtwo_" + run, "jt_", "fahren_jtwo");
        try (TestConfig ignored = TestConfig.with(config)) {
            Weld weld = new Weld().disableDiscovery().addExtensions(FahrenExtensions.of(TenantId.class, Postgres.class, TenantSchemas.class))
                    .addBeanClasses(Journal.class, JpaResources.class, SecondUnit.class);
            assertThatThrownBy(weld::initialize).hasStackTraceContaining("2 @TenantAware EntityManagerFactory beans")
                    .hasStackTraceContaining("SecondUnit").hasStackTraceContaining("JpaResources");
        }
    }
}
