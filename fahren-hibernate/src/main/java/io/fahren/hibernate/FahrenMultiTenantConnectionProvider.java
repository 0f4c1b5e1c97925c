package io.fahren.hibernate;

import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresTenants;
import java.sql.Connection;
import java.sql.SQLException;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Objects;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;

/**
 * Gives Hibernate each tenant's connection from the configured PostgreSQL strategy: bound to the
 * tenant's role and setting (RLS), role and {@code search_path} (schema), or taken from the
 * tenant's own database pool (database). Released connections go back clean.
 *
 * <p>Schema tools and other work across tenants use the "any connection" path, which is the
 * management database.
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
public final class FahrenMultiTenantConnectionProvider implements MultiTenantConnectionProvider<String> {

    private static final long serialVersionUID = 1L;

    private transient volatile Postgres postgres;
    private transient volatile PostgresTenants tenants;

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
     * @throws io.fahren.UnknownTenantException when the tenant is not ACTIVE
     */
    @Override
    public Connection getConnection(String tenantIdentifier) {
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
