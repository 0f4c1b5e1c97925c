package io.fahren.hibernate;

import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresTenants;
import java.sql.Connection;
import java.sql.SQLException;
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
 * Map<String, Object> settings = Map.of(
 *         AvailableSettings.MULTI_TENANT_CONNECTION_PROVIDER, new FahrenMultiTenantConnectionProvider(postgres, tenants),
 *         AvailableSettings.MULTI_TENANT_IDENTIFIER_RESOLVER, new FahrenTenantIdentifierResolver());
 * }</pre>
 */
public final class FahrenMultiTenantConnectionProvider implements MultiTenantConnectionProvider<String> {

    private static final long serialVersionUID = 1L;

    private final transient Postgres postgres;
    private final transient PostgresTenants tenants;

    /**
     * @param postgres the strategy, for the management ("any") connection
     * @param tenants its tenants side
     */
    public FahrenMultiTenantConnectionProvider(Postgres postgres, PostgresTenants tenants) {
        this.postgres = Objects.requireNonNull(postgres, "postgres");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
    }

    /** @return a management connection, for schema tooling and metadata; never for tenant data */
    @Override
    public Connection getAnyConnection() throws SQLException {
        return postgres.managementDataSource().getConnection();
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
        return tenants.connection(tenantIdentifier);
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
