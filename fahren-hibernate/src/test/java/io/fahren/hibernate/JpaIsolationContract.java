package io.fahren.hibernate;

import io.fahren.postgres.PoolAccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionSynchronizationRegistryImple;
import io.fahren.FahrenConfigurationException;
import io.fahren.NoTenantException;
import io.fahren.Tenants;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresTenants;
import io.fahren.testing.PostgresDatabase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation seen through Jakarta Persistence, run against each PostgreSQL strategy by a
 * subclass. The entity has no tenant filter of its own, so only the strategy keeps tenants apart.
 */
abstract class JpaIsolationContract {

    protected final String run = UUID.randomUUID().toString().substring(0, 6);
    protected Postgres postgres;
    protected PostgresTenants tenants;
    private SessionFactory factory;

    /** Opens the strategy with two ACTIVE tenants, {@link #a()} and {@link #b()}, whose {@code notes} table exists. */
    protected abstract void openStrategy(PostgresDatabase db) throws Exception;

    protected String a() {
        return "ja-" + run;
    }

    protected String b() {
        return "jb-" + run;
    }

    @BeforeEach
    void start(PostgresDatabase db) throws Exception {
        openStrategy(db);
        factory = buildFactory(new FahrenMultiTenantConnectionProvider(postgres, tenants), false);
    }

    /** Builds the test's persistence unit over Fahren's connection provider, resource-local or JTA. */
    private SessionFactory buildFactory(FahrenMultiTenantConnectionProvider provider, boolean jta) {
        Configuration configuration = new Configuration()
                .addAnnotatedClass(Note.class)
                .addAnnotatedClass(CachedNote.class)
                .setProperty(AvailableSettings.HBM2DDL_AUTO, "none")
                .setProperty(AvailableSettings.DIALECT, "org.hibernate.dialect.PostgreSQLDialect")
                .setProperty(AvailableSettings.USE_SECOND_LEVEL_CACHE, "true")
                .setProperty(AvailableSettings.CACHE_REGION_FACTORY, "jcache")
                .setProperty("hibernate.javax.cache.provider",
                        "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider")
                .setProperty("hibernate.javax.cache.missing_cache_strategy", "create")
                .setProperty(AvailableSettings.GENERATE_STATISTICS, "true");
        if (jta) {
            configuration.setProperty(AvailableSettings.TRANSACTION_COORDINATOR_STRATEGY, "jta")
                    .setProperty(AvailableSettings.JTA_PLATFORM, "JBossTS");
        }
        configure(configuration);
        configuration.getProperties().put(AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER, provider);
        configuration.getProperties().put(AvailableSettings.MULTI_TENANT_IDENTIFIER_RESOLVER,
                new FahrenTenantIdentifierResolver());
        return configuration.buildSessionFactory();
    }

    /** Lets a strategy's test add entities of its own. */
    protected void configure(Configuration configuration) {
    }

    protected SessionFactory factory() {
        return factory;
    }

    @AfterEach
    void stop() {
        factory.close();
        tenants.close();
        postgres.close();
    }

    protected <T> T inTransaction(String tenant, Function<EntityManager, T> work) throws Exception {
        return Tenants.callAs(tenant, () -> {
            EntityManager em = factory.createEntityManager();
            try {
                em.getTransaction().begin();
                T result = work.apply(em);
                em.getTransaction().commit();
                return result;
            } finally {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        });
    }

    @Test
    void eachTenantSeesOnlyItsRowsThroughJpqlCriteriaAndNativeSql() throws Exception {
        inTransaction(a(), em -> {
            em.persist(new Note(a(), "a1"));
            em.persist(new Note(a(), "a2"));
            return null;
        });
        inTransaction(b(), em -> {
            em.persist(new Note(b(), "b1"));
            return null;
        });

        for (String tenant : List.of(a(), b())) {
            int expected = tenant.equals(a()) ? 2 : 1;
            inTransaction(tenant, em -> {
                assertThat(em.createQuery("select n from Note n", Note.class).getResultList()).hasSize(expected)
                        .allSatisfy(n -> assertThat(n.body()).startsWith(tenant.substring(0, 2).replace("j", "")));
                CriteriaBuilder cb = em.getCriteriaBuilder();
                CriteriaQuery<Long> count = cb.createQuery(Long.class);
                count.select(cb.count(count.from(Note.class)));
                assertThat(em.createQuery(count).getSingleResult()).isEqualTo(expected);
                assertThat(((Number) em.createNativeQuery("select count(*) from notes").getSingleResult()).intValue())
                        .isEqualTo(expected);
                return null;
            });
        }
    }

    /**
     * Many threads over both tenants, each transaction writing a row and reading every row it can
     * see: every row seen is the tenant's own. Through PgBouncer's transaction pooling this fails
     * unless every transaction is bound in itself.
     */
    @Test
    void concurrentTransactionsOfBothTenantsSeeOnlyTheirOwnRows() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String tenant = t % 2 == 0 ? a() : b();
                results.add(threads.submit(() -> {
                    List<String> foreign = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        foreign.addAll(inTransaction(tenant, em -> {
                            em.persist(new Note(tenant, tenant));
                            return em.createQuery("select n.body from Note n where n.body <> :me", String.class)
                                    .setParameter("me", tenant).getResultList();
                        }));
                    }
                    return foreign;
                }));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES)).as("rows of the other tenant").isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
        for (String tenant : List.of(a(), b())) {
            long count = inTransaction(tenant, em -> em.createQuery("select count(n) from Note n", Long.class)
                    .getSingleResult());
            assertThat(count).isEqualTo(100L);
        }
    }

    @Test
    void findByAnotherTenantsPrimaryKeyReturnsNull() throws Exception {
        Long id = inTransaction(a(), em -> {
            Note note = new Note(a(), "secret");
            em.persist(note);
            return note.id();
        });
        Note asB = inTransaction(b(), em -> em.find(Note.class, id));
        Note asA = inTransaction(a(), em -> em.find(Note.class, id));
        assertThat(asB).isNull();
        assertThat(asA).isNotNull();
    }

    @Test
    void bulkUpdateAndDeleteReachOnlyTheCurrentTenant() throws Exception {
        inTransaction(a(), em -> {
            em.persist(new Note(a(), "keep"));
            return null;
        });
        inTransaction(b(), em -> {
            em.persist(new Note(b(), "mine"));
            return null;
        });
        int updated = inTransaction(b(), em -> em.createQuery("update Note n set n.body = 'changed'").executeUpdate());
        int deleted = inTransaction(b(), em -> em.createQuery("delete from Note n").executeUpdate());
        List<String> left = inTransaction(a(), em -> em.createQuery("select n.body from Note n", String.class).getResultList());
        assertThat(updated).isEqualTo(1);
        assertThat(deleted).isEqualTo(1);
        assertThat(left).containsExactly("keep");
    }

    @Test
    void noTenantFailsOnFirstUseSayingHowToSetOne() {
        assertThatThrownBy(() -> factory.createEntityManager().createQuery("select n from Note n").getResultList())
                .isInstanceOf(NoTenantException.class)
                .hasMessageContaining("Tenants.runAs");
    }

    @Test
    void theSecondLevelCacheNeverServesOneTenantsEntityToAnother() throws Exception {
        inTransaction(a(), em -> {
            em.persist(new CachedNote(1L, "from a"));
            return null;
        });
        inTransaction(b(), em -> {
            em.persist(new CachedNote(1L, "from b"));
            return null;
        });
        factory.getStatistics().clear();
        for (int round = 0; round < 3; round++) {
            String seenByA = inTransaction(a(), em -> em.find(CachedNote.class, 1L).body());
            String seenByB = inTransaction(b(), em -> em.find(CachedNote.class, 1L).body());
            assertThat(seenByA).isEqualTo("from a");
            assertThat(seenByB).isEqualTo("from b");
        }
        assertThat(factory.getStatistics().getSecondLevelCacheHitCount())
                .as("the cache is really in use").isPositive();
    }

    @Test
    void aRollbackLeavesNoRows() throws Exception {
        assertThatThrownBy(() -> inTransaction(a(), em -> {
            em.persist(new Note(a(), "doomed"));
            em.flush();
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        long count = inTransaction(a(), em -> em.createQuery("select count(n) from Note n", Long.class).getSingleResult());
        assertThat(count).isZero();
        PoolAccess.assertResting(tenants, a(), b());
    }

    @Test
    void jtaTransactionsCommitAndRollBackTheTenantsWork() throws Exception {
        TransactionManager jta = com.arjuna.ats.jta.TransactionManager.transactionManager();
        TransactionSynchronizationRegistry registry = new TransactionSynchronizationRegistryImple();
        try (SessionFactory jtaUnit = buildFactory(new FahrenMultiTenantConnectionProvider(postgres, tenants, registry),
                true)) {
            EntityManager em = new TenantPersistenceContexts(jtaUnit, registry).entityManager();
            Tenants.callAs(a(), () -> {
                jta.begin();
                em.persist(new Note(a(), "committed"));
                jta.commit();

                jta.begin();
                em.persist(new Note(a(), "rolled back"));
                em.flush();
                assertThat(em.createQuery("select count(n) from Note n", Long.class).getSingleResult())
                        .as("the transaction sees its own flushed row").isEqualTo(2);
                jta.rollback();

                jta.begin();
                em.persist(new Note(a(), "marked rollback-only"));
                em.flush();
                jta.setRollbackOnly();
                assertThatThrownBy(jta::commit).isInstanceOf(RollbackException.class);
                return null;
            });
            List<String> seenByB = Tenants.callAs(b(), () -> {
                jta.begin();
                try {
                    return em.createQuery("select n.body from Note n", String.class).getResultList();
                } finally {
                    jta.commit();
                }
            });
            assertThat(seenByB).as("tenant b sees nothing of a's JTA work").isEmpty();
        }
        List<String> left = inTransaction(a(), em -> em.createQuery("select n.body from Note n", String.class).getResultList());
        assertThat(left).containsExactly("committed");
        PoolAccess.assertResting(tenants, a(), b());
    }

    @Test
    void aJtaUnitWithoutATransactionRegistryFailsAtStartup() {
        assertThatThrownBy(() -> buildFactory(new FahrenMultiTenantConnectionProvider(postgres, tenants), true).close())
                .satisfies(e -> {
                    Throwable root = e;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    assertThat(root).isInstanceOf(FahrenConfigurationException.class)
                            .hasMessageContaining("new FahrenMultiTenantConnectionProvider(postgres, tenants, registry)");
                });
    }
}
