package io.fahren.postgres.impl.cdi;

import io.fahren.SharedPoolStats;
import io.fahren.TenantPoolStats;
import io.fahren.internal.HealthProbe;
import io.fahren.internal.PoolStatsSource;
import io.fahren.postgres.PostgresTenants;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL's part of readiness: the management pool hands out a valid connection (in a
 * tenants-only service, the registry look-up answers), and the per-tenant pools, if the tenants
 * side has opened any, are within their caps with no tenant failing to connect for too long. It
 * opens no connection per tenant.
 *
 * <p>Application scoped; the scope is added by {@link PostgresExtension}.
 */
public class PostgresProbe implements HealthProbe, PoolStatsSource {

    private static final int VALID_WITHIN_SECONDS = 2;

    @Inject
    PostgresRuntime runtime;

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Result check(Settings settings) {
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            if (runtime.servesTenantsOnly()) {
                runtime.registry().ping();
                data.put("registry-lookup", "UP");
            } else {
                data.put("management-pool", validConnection(runtime.postgres().managementDataSource()));
            }
        } catch (RuntimeException | SQLException e) {
            data.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            return new Result(false, data);
        }
        return HealthProbe.serverAndPools(data, poolStats(), settings);
    }

    @Override
    public Optional<TenantPoolStats> poolStats() {
        PostgresTenants tenants = runtime.peekTenants();
        return tenants == null ? Optional.empty() : tenants.poolStats();
    }

    @Override
    public Optional<SharedPoolStats> sharedPoolStats() {
        PostgresTenants tenants = runtime.peekTenants();
        return tenants == null ? Optional.empty() : tenants.sharedPoolStats();
    }

    private static String validConnection(javax.sql.DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection()) {
            if (!c.isValid(VALID_WITHIN_SECONDS)) {
                throw new SQLException("a management connection did not answer within " + VALID_WITHIN_SECONDS + " s");
            }
        }
        return "UP";
    }
}
