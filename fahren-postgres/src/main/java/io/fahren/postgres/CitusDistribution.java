package io.fahren.postgres;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.postgres.PostgresEngine.Strategy;
import io.fahren.postgres.impl.citus.CitusCall;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A provisioning step that hands a tenant's data to Citus when the server is a Citus coordinator:
 * with row-level security, the tenant tables are distributed by the tenant column (row-based
 * sharding) and the provisioned-tenants table the policies read becomes a reference table; with a
 * schema per tenant, the tenant's schema is distributed (schema-based sharding,
 * {@code citus_schema_distribute}), which also places the tables created in it later. Each call is
 * made once: a catalog query ({@code pg_dist_partition}, {@code pg_dist_schema}) skips those made
 * before. Database per tenant has nothing Citus distributes; the step refuses it.
 *
 * <pre>{@code
 * Postgres postgres = Postgres.schemaPerTenant(admin, SchemaOptions.defaults());
 * PostgresManagement management = postgres.forManagement(List.of(postgres.citusDistribution(CitusMode.AUTO)));
 * management.createTenant("acme");   // CREATE SCHEMA ..., then SELECT citus_schema_distribute(...)
 * }</pre>
 *
 * <p>In CDI, {@code fahren.postgres.citus=auto} or {@code required} adds it after the strategy's own
 * step. Citus itself is not tested here (no Citus build can be had); what is tested is the calls it
 * makes and the refusal without the extension ({@code docs/scale-out.md}).
 */
public final class CitusDistribution implements TenantResource {

    private static final Logger LOG = Logger.getLogger(CitusDistribution.class.getName());

    private final DataSource management;
    private final Strategy strategy;
    private final CitusMode mode;
    private final AtomicBoolean absenceLogged = new AtomicBoolean();

    CitusDistribution(DataSource management, Strategy strategy, CitusMode mode) {
        this.management = management;
        this.strategy = strategy;
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String name() {
        return "citus";
    }

    /** @return the mode this step was made with */
    public CitusMode mode() {
        return mode;
    }

    /**
     * Makes the tenant's Citus calls, or none (mode {@code OFF}, or {@code AUTO} on a server without
     * Citus).
     *
     * @throws FahrenConfigurationException in mode {@code REQUIRED} when the server has no
     *         {@code citus} extension, or for database per tenant
     */
    @Override
    public void provision(TenantId tenantId) throws SQLException {
        if (mode == CitusMode.OFF) {
            return;
        }
        try (Connection c = management.getConnection()) {
            if (citusVersion(c).isEmpty()) {
                if (mode == CitusMode.REQUIRED) {
                    throw new FahrenConfigurationException("fahren.postgres.citus=required, but the PostgreSQL server "
                            + "has no citus extension, so tenant '" + tenantId + "' was not created. Connect to the Citus "
                            + "coordinator and run CREATE EXTENSION citus, or set fahren.postgres.citus=auto (no Citus "
                            + "calls without the extension) or off.");
                }
                if (absenceLogged.compareAndSet(false, true)) {
                    LOG.info("fahren.postgres.citus=auto: the server has no citus extension; tenants are not distributed.");
                }
                return;
            }
            for (CitusCall call : calls(c, tenantId)) {
                if (call.run(c)) {
                    LOG.fine(() -> "Citus: " + call.what() + " for tenant " + tenantId);
                }
            }
        }
    }

    /** Nothing: dropping the tenant's schema or deleting its rows removes them from the workers too. */
    @Override
    public void deprovision(TenantId tenantId) {
        // the strategy's own step deletes the data wherever Citus placed it
    }

    /**
     * @param c a management connection
     * @param tenantId a tenant
     * @return the calls this step makes for it (those made before are skipped when it runs)
     */
    List<CitusCall> calls(Connection c, TenantId tenantId) throws SQLException {
        return strategy.citusCalls(c, tenantId);
    }

    /**
     * @param c a connection
     * @return the {@code citus} extension's version, when the server has it
     */
    static Optional<String> citusVersion(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT extversion FROM pg_extension WHERE extname = ?")) {
            p.setString(1, "citus");
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
