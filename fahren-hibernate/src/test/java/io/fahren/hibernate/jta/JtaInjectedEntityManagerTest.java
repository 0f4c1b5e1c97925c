package io.fahren.hibernate.jta;

import io.fahren.postgres.PoolAccess;

import io.fahren.hibernate.TenantSchemas;
import io.fahren.postgres.Postgres;
import io.fahren.TenantId;
import io.fahren.testing.FahrenExtensions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.arjuna.ats.jta.cdi.TransactionExtension;
import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.hibernate.SchemaStrategyConfig;
import io.fahren.postgres.PostgresTenants;
import io.fahren.test.TestConfig;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * {@code @Inject EntityManager} with JTA: Weld plus Narayana's transaction manager and its
 * {@code @Transactional} interceptors, a JTA persistence unit configured by class names only, and
 * real PostgreSQL. The transaction registry is found as a CDI bean, as it would be in JNDI in an
 * application server.
 */
@WithPostgres
class JtaInjectedEntityManagerTest {

    @Test
    void transactionalMethodsCommitRollBackAndStayWithinTheirTenant(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = SchemaStrategyConfig.withNewLogin(db, "jjta_" + run, "jt_", "fahren_jjta");
        try (TestConfig ignored = TestConfig.with(config);
                WeldContainer container = new Weld().disableDiscovery()
                        .addExtensions(FahrenExtensions.of(TenantId.class, Postgres.class, TenantSchemas.class))
                        .addExtension(new TransactionExtension())
                        .addBeanClasses(JtaJpaResources.class, OrderBook.class)
                        .initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            PostgresTenants tenants = container.select(PostgresTenants.class).get();
            List<String> ids = List.of("ta-" + run, "tb-" + run, "tc-" + run);
            for (String id : ids) {
                management.createTenant(id);
                tenants.withConnection(id, c -> c.createStatement().execute(
                        "CREATE TABLE notes (id bigserial PRIMARY KEY, tenant_id text NOT NULL, body text)"));
            }
            OrderBook book = container.select(OrderBook.class).get();
            String a = ids.get(0);
            String b = ids.get(1);

            assertThat(Tenants.callAs(a, () -> book.addAndList("a1"))).containsExactly("a1");
            assertThatThrownBy(() -> Tenants.runAs(a, () -> book.addThenFail("a-doomed")))
                    .hasMessage("failed after the insert");
            assertThat(Tenants.callAs(a, book::bodies)).as("the failed transaction left no row").containsExactly("a1");
            assertThat(Tenants.callAs(b, book::bodies)).as("b sees nothing of a").isEmpty();
            assertThat(Tenants.callAs(b, () -> book.addAndList("b1"))).containsExactly("b1");

            AtomicLong crossTenant = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    workers.add(pool.submit(() -> {
                        for (int i = 0; i < 100; i++) {
                            String tenant = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                            String mine = tenant + ":" + i;
                            List<String> seen = Tenants.callAs(tenant, () -> book.addAndList(mine));
                            crossTenant.addAndGet(seen.stream()
                                    .filter(body -> body.contains(":") && !body.startsWith(tenant + ":")).count());
                        }
                        return null;
                    }));
                }
                for (Future<?> worker : workers) {
                    worker.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(crossTenant.get()).as("rows of another tenant seen in a transaction").isZero();
            long total = 0;
            for (String id : ids) {
                total += Tenants.callAs(id, book::bodies).stream().filter(body -> body.contains(":")).count();
            }
            assertThat(total).as("every committed JTA transaction left its row").isEqualTo(400);
            PoolAccess.assertResting(tenants, ids.toArray(String[]::new));
        }
    }
}
