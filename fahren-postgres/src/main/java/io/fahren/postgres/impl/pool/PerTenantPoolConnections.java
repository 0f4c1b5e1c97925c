package io.fahren.postgres.impl.pool;

import java.util.Optional;
import io.fahren.TenantPoolStats;
import io.fahren.postgres.PostgresEngine.Connections;
import io.fahren.internal.ActiveTenants;
import com.zaxxer.hikari.HikariDataSource;
import io.fahren.FahrenException;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.Tenants;
import io.fahren.postgres.ConnectionWork;
import io.fahren.postgres.TenantPoolOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * Tenant connections from each tenant's own pool, logged in with the tenant's own credentials, so
 * nothing needs binding or resetting.
 */
public final class PerTenantPoolConnections implements Connections {

    /**
     * The connection is the tenant's own login: nothing to bind. It goes back with its transaction
     * ended (as the server reports it), and otherwise as the tenant left it, since only the same
     * tenant uses it again.
     */
    private static final CheckoutHooks OWN_LOGIN = pooled -> {
        try (pooled) {
            SessionReset.endTransaction(pooled);
        }
    };

    private final TenantPools pools;
    private final TenantPoolOptions options;

    /**
     * @param pools the per-tenant pools, owned by the strategy
     * @param options their limits, for error messages
     */
    public PerTenantPoolConnections(TenantPools pools, TenantPoolOptions options) {
        this.pools = pools;
        this.options = options;
    }

    @Override
    public <T> T call(Tenant tenant, ConnectionWork<T> work) throws SQLException {
        try (Connection c = connection(tenant.id())) {
            return work.apply(c);
        }
    }

    @Override
    public Optional<TenantPoolStats> poolStats() {
        return Optional.of(pools.stats());
    }

    @Override
    public Connection open(Tenant tenant) throws SQLException {
        return connection(tenant.id());
    }

    @Override
    public DataSource dataSource(ActiveTenants active) {
        return new TenantDataSource(() -> {
            TenantId id = Tenants.require();
            active.require(id);
            return connection(id);
        });
    }

    private Connection connection(TenantId tenantId) throws SQLException {
        try {
            return CheckedOutConnection.wrap(pools.connection(tenantId), OWN_LOGIN);
        } catch (SQLTransientConnectionException e) {
            throw new FahrenException("No connection for tenant '" + tenantId + "' within "
                    + options.connectionTimeout().toMillis() + " ms: the tenant pools are at their cap of "
                    + options.maxConnections() + " server connections (fahren.postgres.pool.max-connections) or the "
                    + "tenant's pool of " + options.tenantPoolSize() + " is busy. Raise the limits or shorten "
                    + "transactions. Now: " + pools.describe() + ".", e);
        }
    }

    @Override
    public HikariDataSource sharedPool() {
        return null;
    }

    /** The pools belong to the strategy and close with {@code Postgres}. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "per-tenant pools (" + pools.describe() + ")";
    }
}
