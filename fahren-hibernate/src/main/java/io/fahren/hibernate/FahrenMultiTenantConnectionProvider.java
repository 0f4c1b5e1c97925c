package io.fahren.hibernate;

import io.fahren.FahrenConfigurationException;
import io.fahren.postgres.JtaTenantConnections;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresTenants;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.resource.transaction.spi.TransactionCoordinatorBuilder;
import org.hibernate.service.spi.ServiceRegistryAwareService;
import org.hibernate.service.spi.ServiceRegistryImplementor;

/**
 * Gives Hibernate each tenant's connection from the configured PostgreSQL strategy: bound to the
 * tenant's role and setting (RLS), role and {@code search_path} (schema), or taken from the
 * tenant's own database pool (database). Released connections go back clean.
 *
 * <p>Schema tools and other work across tenants use the "any connection" path, which is the
 * management database.
 *
 * <p><b>JTA.</b> When the persistence unit uses JTA transactions, a tenant connection asked for
 * inside a JTA transaction joins it: one connection per transaction and tenant, committed when the
 * transaction commits and rolled back when it rolls back (a one-phase resource, not XA). The
 * {@code TransactionSynchronizationRegistry} comes from the constructor, or from JNDI
 * ({@code java:comp/TransactionSynchronizationRegistry}) in a container; a JTA persistence unit
 * without one fails at startup.
 *
 * <pre>{@code
 * <!-- persistence.xml, with fahren.postgres.* configured and CDI running -->
 * <property name="hibernate.multi_tenant_connection_provider" value="io.fahren.hibernate.FahrenMultiTenantConnectionProvider"/>
 * <property name="hibernate.tenant_identifier_resolver" value="io.fahren.hibernate.FahrenTenantIdentifierResolver"/>
 *
 * // Java SE, without CDI
 * Map<String, Object> settings = Map.of(
 *         AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER, new FahrenMultiTenantConnectionProvider(postgres, tenants),
 *         AvailableSettings.MULTI_TENANT_IDENTIFIER_RESOLVER, new FahrenTenantIdentifierResolver());
 * }</pre>
 */
public final class FahrenMultiTenantConnectionProvider implements MultiTenantConnectionProvider<String>,
        ServiceRegistryAwareService {

    private static final long serialVersionUID = 1L;

    private transient volatile Postgres postgres;
    private transient volatile PostgresTenants tenants;
    private transient TransactionSynchronizationRegistry registry;
    private transient volatile JtaTenantConnections jta;

    /**
     * For {@code persistence.xml}: the strategy configured with {@code fahren.postgres.*} is looked
     * up through CDI on first use.
     */
    public FahrenMultiTenantConnectionProvider() {
    }

    /**
     * @param postgres the strategy, for the management ("any") connection
     * @param tenants its tenants side
     */
    public FahrenMultiTenantConnectionProvider(Postgres postgres, PostgresTenants tenants) {
        this.postgres = Objects.requireNonNull(postgres, "postgres");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
    }

    /**
     * For a JTA persistence unit in Java SE, where JNDI has no transaction registry.
     *
     * @param postgres the strategy, for the management ("any") connection
     * @param tenants its tenants side
     * @param registry the transaction manager's synchronization registry
     */
    public FahrenMultiTenantConnectionProvider(Postgres postgres, PostgresTenants tenants,
            TransactionSynchronizationRegistry registry) {
        this(postgres, tenants);
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Called by Hibernate at startup: when the persistence unit uses JTA, finds the transaction
     * registry that tenant connections join.
     *
     * @throws FahrenConfigurationException when the unit uses JTA and no registry can be found
     */
    @Override
    public void injectServices(ServiceRegistryImplementor services) {
        if (!services.requireService(TransactionCoordinatorBuilder.class).isJta()) {
            return;
        }
        TransactionSynchronizationRegistry found = registry != null ? registry : JtaTenantConnections.lookup();
        if (found == null) {
            throw new FahrenConfigurationException("The persistence unit uses JTA transactions, but no "
                    + "TransactionSynchronizationRegistry was found at java:comp/TransactionSynchronizationRegistry. "
                    + "Outside a container, pass the transaction manager's registry to "
                    + "new FahrenMultiTenantConnectionProvider(postgres, tenants, registry), or use a RESOURCE_LOCAL unit.");
        }
        jta = new JtaTenantConnections(found);
    }

    private Postgres postgres() {
        if (postgres == null) {
            postgres = CDI.current().select(Postgres.class).get();
        }
        return postgres;
    }

    private PostgresTenants tenants() {
        if (tenants == null) {
            tenants = CDI.current().select(PostgresTenants.class).get();
        }
        return tenants;
    }

    /** @return a management connection, for schema tooling and metadata; never for tenant data */
    @Override
    public Connection getAnyConnection() throws SQLException {
        return postgres().managementDataSource().getConnection();
    }

    @Override
    public void releaseAnyConnection(Connection connection) throws SQLException {
        connection.close();
    }

    /**
     * @return the tenant's connection; inside a JTA transaction of a JTA unit, the transaction's
     *         connection for that tenant
     * @throws io.fahren.UnknownTenantException when the tenant is not ACTIVE
     */
    @Override
    public Connection getConnection(String tenantIdentifier) throws SQLException {
        JtaTenantConnections transaction = jta;
        if (transaction != null && transaction.inTransaction()) {
            return transaction.connection(tenantIdentifier, () -> tenants().connection(tenantIdentifier));
        }
        return tenants().connection(tenantIdentifier);
    }

    @Override
    public void releaseConnection(String tenantIdentifier, Connection connection) throws SQLException {
        connection.close();
    }

    /** @return false: a connection stays with its session for the whole transaction */
    @Override
    public boolean supportsAggressiveRelease() {
        return false;
    }

    @Override
    public boolean isUnwrappableAs(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("Cannot unwrap " + getClass().getName() + " as " + type.getName());
    }
}
