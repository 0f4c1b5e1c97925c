package io.fahren.postgres.impl.pool;

import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.StrategyOptions;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * A PostgreSQL isolation strategy: how tenants are provisioned and how tenant connections are made.
 * The management and tenants sides are written once against it.
 */
public interface Strategy extends AutoCloseable {

    /** @return the strategy's options */
    StrategyOptions options();

    /** @return a short description for messages, such as "row-level security" */
    String description();

    /**
     * Prepares the database once; a no-op for strategies that create everything per tenant.
     *
     * @param c a management connection
     * @return what was set up
     */
    List<String> setup(Connection c) throws SQLException;

    /**
     * @param management the management data source
     * @return the strategy's per-tenant provisioning
     */
    TenantResource resource(DataSource management);

    /**
     * @param login the tenants-side login, for strategies with a shared pool
     * @return where tenant connections come from
     */
    TenantConnections connections(PostgresConnection login);

    /** Releases what the strategy itself holds (per-tenant pools); nothing by default. */
    @Override
    default void close() {
    }
}
