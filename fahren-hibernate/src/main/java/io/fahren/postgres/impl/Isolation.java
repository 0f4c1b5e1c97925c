package io.fahren.postgres.impl;

import io.fahren.TenantId;
import io.fahren.postgres.StrategyOptions;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * What a PostgreSQL strategy does; the management and tenants sides are written once against it.
 */
public interface Isolation {

    /** @return the strategy's options */
    StrategyOptions options();

    /** @return a short description for messages, such as "row-level security" */
    String description();

    /**
     * Prepares the database once (RLS: roles, grants, policies); a no-op for strategies that
     * create everything per tenant.
     *
     * @param c a management connection
     * @return what was set up, for the caller's information
     */
    List<String> setup(Connection c) throws SQLException;

    /**
     * @param management the management data source
     * @return the strategy's per-tenant provisioning
     */
    TenantResource resource(DataSource management);

    /**
     * Makes the connection act as the tenant, in one round trip.
     *
     * @param c the connection
     * @param tenantId the tenant
     * @param local for the current transaction only
     */
    void bind(Connection c, TenantId tenantId, boolean local) throws SQLException;

    /**
     * Returns a session-bound connection to its login state, in one round trip.
     *
     * @param c the connection
     */
    void unbind(Connection c) throws SQLException;

    /**
     * Refuses a tenants-side login that would defeat the isolation.
     *
     * @param c a tenants-side connection
     */
    void checkTenantsLogin(Connection c) throws SQLException;
}
