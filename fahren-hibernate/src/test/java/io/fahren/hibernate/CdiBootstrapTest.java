package io.fahren.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresTenants;
import io.fahren.test.Journal;
import io.fahren.test.TestConfig;
import io.fahren.testing.FahrenExtensions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * Units that name nothing but Fahren's classes, bootstrapped without Fahren's help: the provider
 * finds the strategy through CDI. Tenant x writes a note; tenant y sees none.
 */
@WithPostgres
class CdiBootstrapTest {

    @Test
    void classNamesAloneWireHibernateToTheConfiguredStrategy(PostgresDatabase db) throws Exception {
        bootstrapped(db, "jcdi", () -> new Configuration().addAnnotatedClass(Note.class)
                .setProperty(AvailableSettings.HBM2DDL_AUTO, "none")
                .setProperty(AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER, FahrenMultiTenantConnectionProvider.class.getName())
                .setProperty(AvailableSettings.MULTI_TENANT_IDENTIFIER_RESOLVER, FahrenTenantIdentifierResolver.class.getName())
                .buildSessionFactory());
    }

    /**
     * {@link FahrenPersistenceProvider} bootstrapped the way a container does it, by a stand-in for
     * the container's {@link PersistenceUnitInfo} that has no data source and no Fahren setting.
     */
    @Test
    void fahrensProviderNeedsNoDataSourceNorSettingAndStillEnhancesEntities(PostgresDatabase db) throws Exception {
        List<ClassTransformer> transformers = new ArrayList<>();
        bootstrapped(db, "jpp", () -> new FahrenPersistenceProvider()
                .createContainerEntityManagerFactory(containerUnit(transformers), Map.of("hibernate.hbm2ddl.auto", "none")));
        assertThat(transformers).as("Hibernate registered its enhancer with the container").hasSize(1);
        byte[] original;
        try (InputStream in = Note.class.getResourceAsStream("Note.class")) {
            original = in.readAllBytes();
        }
        byte[] enhanced = transformers.get(0).transform(Note.class.getClassLoader(), Note.class.getName().replace('.', '/'),
                null, Note.class.getProtectionDomain(), original);
        assertThat(enhanced).as("the guard lets a top-level transformation of an entity through").isNotNull()
                .isNotEqualTo(original);
    }

    /** Two tenants with a notes table each; the unit made by {@code unit}; x's note is not y's. */
    private static void bootstrapped(PostgresDatabase db, String name, Supplier<EntityManagerFactory> unit) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> config = SchemaStrategyConfig.withNewLogin(db, name + "_" + run, name + "_", "fahren_" + name);
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
            EntityManagerFactory factory = unit.get();
            try {
                Tenants.runAs("x-" + run, () -> {
                    EntityManager em = factory.createEntityManager();
                    em.getTransaction().begin();
                    em.persist(new Note("x-" + run, "from x"));
                    em.getTransaction().commit();
                    em.close();
                });
                assertThat(count(factory, "x-" + run)).isEqualTo(1);
                assertThat(count(factory, "y-" + run)).as("tenant y sees none of x's notes").isZero();
            } finally {
                factory.close();
            }
        }
    }

    private static long count(EntityManagerFactory factory, String tenant) throws Exception {
        return Tenants.callAs(tenant, () -> {
            EntityManager em = factory.createEntityManager();
            try {
                return em.createQuery("select count(n) from Note n", Long.class).getSingleResult();
            } finally {
                em.close();
            }
        });
    }

    /**
     * A container's unit, as a dynamic proxy because Jakarta Persistence 3.2 changed the interface
     * (this test also runs on Hibernate 7): it lists {@link Note}, has no property, records the
     * transformers, and fails when asked for a data source, as Open Liberty does when none exists.
     */
    private static PersistenceUnitInfo containerUnit(List<ClassTransformer> transformers) {
        return (PersistenceUnitInfo) Proxy.newProxyInstance(CdiBootstrapTest.class.getClassLoader(),
                new Class<?>[] {PersistenceUnitInfo.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getPersistenceUnitName" -> "notes";
                    case "getPersistenceProviderClassName" -> FahrenPersistenceProvider.class.getName();
                    case "getTransactionType" -> enumConstant(method.getReturnType(), "RESOURCE_LOCAL");
                    case "getJtaDataSource", "getNonJtaDataSource" -> throw new IllegalStateException(
                            "CWWJP0013E-like: the container has no data source for this unit");
                    case "getManagedClassNames" -> List.of(Note.class.getName());
                    case "excludeUnlistedClasses" -> true;
                    case "getMappingFileNames", "getJarFileUrls", "getQualifierAnnotationNames" -> List.of();
                    case "getPersistenceUnitRootUrl", "getScopeAnnotationName" -> null;
                    case "getSharedCacheMode" -> SharedCacheMode.UNSPECIFIED;
                    case "getValidationMode" -> ValidationMode.NONE;
                    case "getProperties" -> new Properties();
                    case "getPersistenceXMLSchemaVersion" -> "3.0";
                    case "getClassLoader" -> CdiBootstrapTest.class.getClassLoader();
                    case "getNewTempClassLoader" -> new URLClassLoader(new URL[0], CdiBootstrapTest.class.getClassLoader());
                    case "addTransformer" -> {
                        transformers.add((ClassTransformer) args[0]);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "container unit notes";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }
}
