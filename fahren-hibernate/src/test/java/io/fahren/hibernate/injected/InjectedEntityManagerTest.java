package io.fahren.hibernate.injected;

import io.fahren.hibernate.TenantSchemas;
import io.fahren.postgres.Postgres;
import io.fahren.TenantId;
import io.fahren.testing.FahrenExtensions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.hibernate.SchemaStrategyConfig;
import io.fahren.postgres.PostgresTenants;
import io.fahren.test.Journal;
import io.fahren.test.TestConfig;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * {@code @Inject EntityManager} in an application-scoped bean, used by many threads and tenants at
 * once, next to a second, non-tenant persistence unit under the application's own qualifier.
 */
@WithPostgres
class InjectedEntityManagerTest {

    private static final class CatalogLiteral extends AnnotationLiteral<Catalog> implements Catalog {
        static final CatalogLiteral INSTANCE = new CatalogLiteral();
        private static final long serialVersionUID = 1L;
    }

    @Test
    void oneInjectedEntityManagerServesEightThreadsOfRandomTenants(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = SchemaStrategyConfig.withNewLogin(db, "jinj_" + run, "ji_", "fahren_jinj");
        try (var c = db.connect(); var s = c.createStatement()) {
            s.execute("CREATE TABLE countries (code text PRIMARY KEY)");
        }
        CatalogResources.url = db.jdbcUrl();
        CatalogResources.user = db.user();
        CatalogResources.password = db.password();
        try (TestConfig ignored = TestConfig.with(config);
                WeldContainer container = new Weld().disableDiscovery()
                        .addExtensions(FahrenExtensions.of(TenantId.class, Postgres.class, TenantSchemas.class))
                        .addBeanClasses(Journal.class, JpaResources.class, NoteService.class, CatalogResources.class)
                        .initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            PostgresTenants tenants = container.select(PostgresTenants.class).get();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add("i" + i + "-" + run);
                management.createTenant(ids.get(i));
                tenants.withConnection(ids.get(i), c -> c.createStatement().execute(
                        "CREATE TABLE notes (id bigserial PRIMARY KEY, tenant_id text NOT NULL, body text)"));
            }
            NoteService service = container.select(NoteService.class).get();

            assertThatThrownBy(service::count)
                    .isInstanceOf(ContextNotActiveException.class)
                    .hasMessageContaining("Tenants.runAs");

            AtomicLong violations = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CyclicBarrier start = new CyclicBarrier(8);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    workers.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        for (int i = 0; i < 500; i++) {
                            String tenant = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                            String body = "n" + i;
                            try {
                                List<String> owners = Tenants.callAs(tenant, () -> service.addAndList(body));
                                if (owners.isEmpty() || !owners.stream().allMatch(tenant::equals)) {
                                    violations.incrementAndGet();
                                }
                            } catch (Exception e) {
                                failures.incrementAndGet();
                                e.printStackTrace();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get(10, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.printf("Injected EntityManager: 4000 transactions, %d cross-tenant results, %d failures%n",
                    violations.get(), failures.get());
            assertThat(violations.get()).isZero();
            assertThat(failures.get()).isZero();

            long total = 0;
            for (String id : ids) {
                total += Tenants.callAs(id, service::count);
            }
            assertThat(total).isEqualTo(4000);

            RequestContextController request = container.select(RequestContextController.class).get();
            request.activate();
            try {
                EntityManager catalog = container.select(EntityManager.class, CatalogLiteral.INSTANCE).get();
                catalog.getTransaction().begin();
                catalog.persist(new Country("NO"));
                catalog.getTransaction().commit();
                assertThat(catalog.createQuery("select count(c) from Country c", Long.class).getSingleResult())
                        .as("the catalog unit works with no tenant at all").isEqualTo(1);
            } finally {
                request.deactivate();
            }

            long before = Tenants.callAs(ids.get(0), service::count);
            assertThatThrownBy(() -> Tenants.runAs(ids.get(0), () -> service.addThenFail("doomed")))
                    .hasMessage("failed after the insert");
            assertThat(Tenants.callAs(ids.get(0), service::count)).as("the rollback left no row").isEqualTo(before);
        }
    }
}
