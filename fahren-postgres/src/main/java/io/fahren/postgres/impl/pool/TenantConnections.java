package io.fahren.postgres.impl.pool;

import io.fahren.internal.ActiveTenants;
import com.zaxxer.hikari.HikariDataSource;
import io.fahren.TenantId;
import io.fahren.postgres.ConnectionWork;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Where a strategy's tenant connections come from, and how they are bound and given back. */
public interface TenantConnections extends AutoCloseable {

    /**
     * Runs work on a connection that acts as the tenant, then gives the connection back clean.
     *
     * @param tenantId an ACTIVE tenant
     * @param work the work
     * @param <T> the result type
     * @return the work's result
     */
    <T> T call(TenantId tenantId, ConnectionWork<T> work) throws SQLException;

    /**
     * Opens a connection that acts as the tenant until it is closed, and is given back clean then.
     * For callers that manage the connection's span themselves, such as Hibernate.
     *
     * @param tenantId an ACTIVE tenant
     * @return the bound connection
     */
    Connection open(TenantId tenantId) throws SQLException;

    /**
     * @param active checks that the current tenant is ACTIVE
     * @return a data source whose connections act as {@code Tenants.current()}
     */
    DataSource dataSource(ActiveTenants active);

    /** @return the shared pool, for diagnostics; null for per-tenant pools */
    HikariDataSource sharedPool();

    /** Closes every pool. */
    @Override
    void close();
}
