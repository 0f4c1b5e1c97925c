package io.fahren.hibernate;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.spi.PersistenceUnitInfo;
import java.util.Map;
import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * Hibernate ORM, as the persistence provider of a container-managed unit that Fahren serves. Name
 * it in {@code persistence.xml} instead of {@code org.hibernate.jpa.HibernatePersistenceProvider};
 * the unit then needs no other setting to be tenant-aware:
 *
 * <pre>{@code
 * <persistence-unit name="orders" transaction-type="JTA">
 *     <provider>io.fahren.hibernate.FahrenPersistenceProvider</provider>
 *     <class>com.example.Order</class>
 * </persistence-unit>
 * }</pre>
 *
 * <p>It differs from Hibernate's own provider in three ways, and only in container bootstrap
 * ({@link #createContainerEntityManagerFactory} and {@link #generateSchema(PersistenceUnitInfo, Map)}):
 * <ul>
 * <li><b>Defaults for a Fahren unit</b>, each applied only when neither the unit nor the
 *     container's map sets the key: {@value #CONNECTION_PROVIDER} = {@link FahrenMultiTenantConnectionProvider},
 *     {@value #IDENTIFIER_RESOLVER} = {@link FahrenTenantIdentifierResolver},
 *     {@value #JDBC_METADATA} = {@code false} (a tenant-serving process has no login that Hibernate
 *     could read metadata with at boot), and {@value #DATABASE} = {@code PostgreSQL} (so that
 *     Hibernate picks its dialect without a connection; a {@code hibernate.dialect} of the unit's
 *     is used instead when set). When the unit names no JTA platform,
 *     {@value #JTA_PLATFORM_RESOLVER} is Hibernate's own detection with a fallback for Payara and
 *     GlassFish, whose transaction manager Hibernate cannot detect from inside the application.</li>
 * <li><b>No data source.</b> When the unit's connections come from
 *     {@link FahrenMultiTenantConnectionProvider} (the default above), Hibernate never uses a data
 *     source, so the unit answers none and the container is not asked to look one up: no
 *     {@code <jta-data-source>}, no {@code @DataSourceDefinition}, no JDBC driver in a server
 *     library. Open Liberty otherwise fails the unit when {@code java:comp/DefaultDataSource} is not
 *     configured.</li>
 * <li><b>Run-time bytecode enhancement inside the application's class loader.</b> When Hibernate is
 *     packaged in the application ({@code WEB-INF/lib}, as on Open Liberty), the container runs the
 *     unit's class transformer on every class that loader defines, Hibernate's own included. The
 *     transformer loads its helper classes on first use; each of those loads calls the transformer
 *     again before the helper exists, and the deployment ends in a {@link StackOverflowError}.
 *     This provider registers Hibernate's transformer behind a guard that leaves alone any class
 *     loaded while a transformation is already running on the same thread: those are the
 *     enhancer's own classes, never the application's entities, which are still enhanced.</li>
 * </ul>
 *
 * <p>In Java SE ({@code Persistence.createEntityManagerFactory}) keep Hibernate's own provider and
 * the two properties ({@code docs/jpa.md}): there is no container class transformer there, and
 * Hibernate accepts only its own provider name in a unit it bootstraps itself.
 */
public class FahrenPersistenceProvider extends HibernatePersistenceProvider {

    /** Hibernate's key for the multi-tenant connection provider. */
    public static final String CONNECTION_PROVIDER = "hibernate.multi_tenant_connection_provider";
    /** Hibernate's key for the current-tenant resolver. */
    public static final String IDENTIFIER_RESOLVER = "hibernate.tenant_identifier_resolver";
    /** Hibernate's key that lets it read JDBC metadata while it boots. */
    public static final String JDBC_METADATA = "hibernate.boot.allow_jdbc_metadata_access";
    /** The database's product name, from which Hibernate picks its dialect without a connection. */
    public static final String DATABASE = "jakarta.persistence.database-product-name";

    /** Hibernate's key for the JTA platform resolver (used only when no platform is named). */
    public static final String JTA_PLATFORM_RESOLVER = "hibernate.transaction.jta.platform_resolver";

    private static final String JTA_PLATFORM = "hibernate.transaction.jta.platform";

    private static final Map<String, String> DEFAULTS = Map.of(
            CONNECTION_PROVIDER, FahrenMultiTenantConnectionProvider.class.getName(),
            IDENTIFIER_RESOLVER, FahrenTenantIdentifierResolver.class.getName(),
            JDBC_METADATA, "false",
            DATABASE, "PostgreSQL");

    /** Called by the container, or by {@code ServiceLoader}. */
    public FahrenPersistenceProvider() {
    }

    @Override
    @SuppressWarnings("rawtypes")
    public EntityManagerFactory createContainerEntityManagerFactory(PersistenceUnitInfo info, Map properties) {
        Map<Object, Object> settings = settings(info, properties);
        return super.createContainerEntityManagerFactory(adapted(info, settings), settings);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void generateSchema(PersistenceUnitInfo info, Map properties) {
        Map<Object, Object> settings = settings(info, properties);
        super.generateSchema(adapted(info, settings), settings);
    }

    private static Map<Object, Object> settings(PersistenceUnitInfo info, Map<?, ?> properties) {
        Map<Object, Object> settings = ContainerUnits.withDefaults(info, properties, DEFAULTS);
        if (!ContainerUnits.sets(info, settings, JTA_PLATFORM)) {
            settings = ContainerUnits.withDefaults(info, settings,
                    Map.of(JTA_PLATFORM_RESOLVER, ContainerJtaPlatformResolver.class.getName()));
        }
        return settings;
    }

    private static PersistenceUnitInfo adapted(PersistenceUnitInfo info, Map<Object, Object> settings) {
        return ContainerUnits.adapted(info,
                ContainerUnits.servedBy(info, settings, CONNECTION_PROVIDER, FahrenMultiTenantConnectionProvider.class));
    }
}
