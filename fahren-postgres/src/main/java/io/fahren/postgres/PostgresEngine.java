package io.fahren.postgres;

import io.fahren.postgres.impl.citus.CitusCall;
import com.zaxxer.hikari.HikariDataSource;
import io.fahren.SharedPoolStats;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantPoolStats;
import io.fahren.internal.ActiveTenants;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The seam between this package's entry points and their implementation. {@link Postgres} finds
 * the one implementation (in {@code io.fahren.postgres.impl}) with {@link java.util.ServiceLoader},
 * the way {@code jakarta.json.Json} finds its provider, so this package never depends on the
 * implementation's packages and the package graph stays free of cycles (see
 * {@code docs/architecture.md}).
 *
 * <p><strong>Not an API.</strong> Applications neither implement nor call it; it may change in any
 * release.
 */
public interface PostgresEngine {

    /**
     * @param options the options
     * @return row-level security on shared tables
     */
    Strategy rls(RlsOptions options);

    /**
     * @param login the login that provisions (management side) or looks tenants up (tenants side)
     * @param options the options
     * @param secrets the tenants' credentials, with per-tenant logins; else null
     * @return a schema per tenant
     */
    Strategy schema(PostgresConnection login, SchemaOptions options, TenantSecrets secrets);

    /**
     * @param login the management login, whose database keeps the registry
     * @param options the options
     * @param secrets where tenant credentials are stored, with per-tenant logins; else null
     * @param servers the servers tenant schemas are placed on (each in its login's database)
     * @return a schema and a role per tenant, each on the server its placement chose
     */
    Strategy schema(PostgresConnection login, SchemaOptions options, TenantSecrets secrets, TenantServers servers);

    /**
     * @param login the login that provisions (management side) or looks tenants up (tenants side)
     * @param options the options
     * @param secrets the tenants' credentials
     * @return a database per tenant
     */
    Strategy database(PostgresConnection login, DatabaseOptions options, TenantSecrets secrets);

    /**
     * @param login the management login, whose server keeps the registry
     * @param options the strategy's options
     * @param secrets where tenant credentials are stored
     * @param servers the servers tenant databases are placed on
     * @return a database per tenant, each on the server its placement chose
     */
    Strategy database(PostgresConnection login, DatabaseOptions options, TenantSecrets secrets, TenantServers servers);

    /**
     * @param login the login
     * @param size the most connections
     * @param name the pool's name, in logs and metrics
     * @param mode how connections are bound, which decides the driver settings PgBouncer needs
     * @return a new pool
     */
    HikariDataSource pool(PostgresConnection login, int size, String name, BindingMode mode);

    /**
     * A PostgreSQL isolation strategy: how tenants are provisioned and how tenant connections are
     * made. The management and tenants sides are written once against it.
     */
    interface Strategy extends AutoCloseable {

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
         * @param management the management data source
         * @param registry the tenant registry, for a strategy that records where it placed a tenant
         * @return the strategy's per-tenant provisioning
         */
        default TenantResource resource(DataSource management, TenantRegistry registry) {
            return resource(management);
        }

        /**
         * @param registry the tenant registry
         * @return the moves of tenants between servers
         * @throws io.fahren.FahrenConfigurationException unless the strategy places tenants on several servers
         */
        default Moves moves(TenantRegistry registry) {
            throw new io.fahren.FahrenConfigurationException("Moving a tenant between servers needs database or "
                    + "schema per tenant on several servers (fahren.postgres.servers, TenantServers); " + description()
                    + " keeps every tenant on one server.");
        }

        /**
         * @param login the tenants-side login, for strategies with a shared pool
         * @return where tenant connections come from
         */
        Connections connections(PostgresConnection login);

        /**
         * @param management the management login
         * @param tenantId a tenant, being created or existing
         * @return where its schema changes run
         */
        TenantDdl ddl(PostgresConnection management, TenantId tenantId);

        /**
         * @param management the management login
         * @param tenantId a tenant, being created or existing
         * @param registry the registry, where a strategy on several servers finds the tenant's server
         * @return where its schema changes run
         */
        default TenantDdl ddl(PostgresConnection management, TenantId tenantId, TenantRegistry registry) {
            return ddl(management, tenantId);
        }

        /**
         * Runs after the shared tables changed (a migration, where {@link TenantDdl#shared()}):
         * protects the tenant tables it added.
         *
         * @param c a management connection
         * @return the tables with the tenant column still unprotected; none for strategies without
         *         shared tables
         */
        default List<String> protectChangedTables(Connection c) throws SQLException {
            return List.of();
        }

        /**
         * The Citus calls that distribute what this strategy keeps for the tenant: its shared
         * tables (row-based sharding by the tenant column) or its schema (schema-based sharding).
         *
         * @param c a management connection
         * @param tenantId a tenant being created
         * @return the calls, in order
         * @throws IllegalStateException for a strategy Citus has nothing to distribute for ({@link
         *         Postgres#citusDistribution} refuses those first)
         */
        default List<CitusCall> citusCalls(Connection c, TenantId tenantId) throws SQLException {
            throw new IllegalStateException("No Citus calls for " + description());
        }

        /** @return whether Citus can distribute this strategy's data ({@link #citusCalls}) */
        default boolean distributableWithCitus() {
            return false;
        }

        /**
         * @param connections connections opened beside the tenants-side pools, to a tenant's
         *        database (a migration)
         * @return the same, counted against the per-tenant pools' cap where the strategy has one
         */
        default DataSource capped(DataSource connections) {
            return connections;
        }

        /** Releases what the strategy itself holds (per-tenant pools); nothing by default. */
        @Override
        default void close() {
        }
    }

    /** Where a strategy's tenant connections come from, and how they are bound and given back. */
    interface Connections extends AutoCloseable {

        /**
         * Runs work on a connection that acts as the tenant, then gives the connection back clean.
         *
         * @param tenant an ACTIVE tenant, as the registry records it
         * @param work the work
         * @param <T> the result type
         * @return the work's result
         */
        <T> T call(Tenant tenant, ConnectionWork<T> work) throws SQLException;

        /** @return the shared pool's state; empty for per-tenant pools */
        default Optional<SharedPoolStats> sharedPoolStats() {
            return Optional.empty();
        }

        /** @return the per-tenant pools' state; empty for a shared pool */
        default Optional<TenantPoolStats> poolStats() {
            return Optional.empty();
        }

        /**
         * Opens a connection that acts as the tenant until it is closed.
         * For callers that manage the connection's span themselves, such as Hibernate.
         *
         * @param tenant an ACTIVE tenant, as the registry records it (a server session bound to a
         *        tenant of the same id but another {@code createdAt} is bound again)
         * @return the bound connection
         */
        Connection open(Tenant tenant) throws SQLException;

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

    /**
     * The steps of moving a tenant's database or schema to another server; {@link Postgres#moveTenant}
     * runs them, suspending and resuming the tenant around the copy. Each step is recorded in the
     * tenant's attributes, so a crash between two is settled by {@link #settle}.
     */
    interface Moves {

        /**
         * @param tenantId the tenant
         * @return the server a move in progress copies it to
         */
        java.util.Optional<String> pending(TenantId tenantId);

        /**
         * Checks the move can run: an ACTIVE tenant, no old copy kept, a known other server,
         * superuser logins, nothing the copy cannot copy. Changes nothing.
         *
         * @param tenantId the tenant
         * @param to the target server's name
         * @return the server it is on now
         */
        String check(TenantId tenantId, String to);

        /**
         * @param tenantId the tenant
         * @param to the target server's name, recorded
         */
        void begin(TenantId tenantId, String to);

        /**
         * Creates the role and database (or schema) on the target and copies the tenant's tables
         * into it (the tenant suspended), checking every table's row count.
         *
         * @param tenantId the tenant
         * @return rows per table
         */
        java.util.Map<String, Long> copy(TenantId tenantId);

        /**
         * The commit point: the tenant's secret names the target (without a secret, a schema in a
         * shared pool, its attributes are the commit point); then its attributes do.
         *
         * @param tenantId the tenant
         */
        void switchOver(TenantId tenantId);

        /**
         * Settles a move that did not finish: forward when the secret names the target already,
         * else back (the target's copy dropped). Leaves the tenant's state as it is.
         *
         * @param tenantId the tenant
         * @return whether there was a move to settle
         */
        boolean settle(TenantId tenantId);

        /**
         * Drops the old copy of a moved tenant.
         *
         * @param tenantId the tenant
         * @return the server the old copy was on; empty when there was none
         */
        java.util.Optional<String> confirm(TenantId tenantId);
    }
}
