package io.fahren.postgres;

import io.fahren.TenantId;
import io.fahren.postgres.PostgresEngine.Strategy;
import io.fahren.internal.ActiveTenants;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.internal.StandaloneManagement;
import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * The management side: sets up the strategy, creates and deletes tenants. It follows the same
 * rules as {@link io.fahren.TenantManagement} (all-or-nothing create, crash recovery, a delete that
 * tries everything), recording tenants in the {@link PostgresTenantRegistry}.
 *
 * <pre>{@code
 * PostgresManagement management = rls.forManagement();
 * management.setup();                 // or RlsOptions.autoSetup(true)
 * management.createTenant("acme");
 * management.deleteTenant("acme");    // deletes acme's rows from every tenant table
 * }</pre>
 */
public final class PostgresManagement extends StandaloneManagement {

    private final PostgresConnection login;
    private final DataSource dataSource;
    private final Strategy isolation;
    private final TenantRegistry registry;

    PostgresManagement(PostgresConnection login, DataSource dataSource, Strategy isolation, TenantRegistry registry,
            TenantResource resource, List<TenantResource> steps, ActiveTenants active) {
        super(registry, resource, steps, active::forget);
        this.login = login;
        this.dataSource = dataSource;
        this.isolation = isolation;
        this.registry = registry;
    }

    /**
     * Where a tenant's schema changes (migrations) run under this strategy: see {@link TenantDdl}.
     * The tenant need not be ACTIVE: a provisioning step after the strategy's own uses it while
     * the tenant is being created.
     *
     * @param tenantId the raw tenant id
     * @return the login, role and schema of its changes
     * @throws io.fahren.InvalidTenantIdException when the id is malformed
     * @throws io.fahren.secrets.SecretNotFoundException (database per tenant) when its credentials are missing
     */
    public TenantDdl ddl(String tenantId) {
        return isolation.ddl(login, TenantId.of(tenantId), registry);
    }

    /**
     * Makes connections opened beside the tenants side (a tenant's migration) count against the
     * server-connection cap of the per-tenant pools ({@code fahren.postgres.pool.max-connections},
     * database per tenant and schema per tenant with per-tenant logins), so that work beside the
     * pools never takes the server past it; they wait for a free connection as the pools do. Other
     * strategies have no such cap: the connections are returned as they are.
     *
     * @param connections where the connections come from
     * @return the same, capped where the strategy has a cap
     */
    public DataSource capped(DataSource connections) {
        return isolation.capped(connections);
    }

    /**
     * @param table a table name
     * @return that table in the tenant registry's schema of the management database, quoted and
     *         qualified for SQL: where modules such as {@code fahren-flyway} keep their own
     *         per-tenant records
     * @throws IllegalArgumentException when the name is not a valid identifier
     */
    public String registryTable(String table) {
        return Sql.qualified(isolation.options().registrySchema(), table);
    }

    /**
     * Row-level security, after a migration of the shared tables: protects every table the
     * migration added with the tenant column (policy, {@code FORCE ROW LEVEL SECURITY}, grants to
     * the tenant role), then names those still unprotected (one left out of a configured table
     * list). Other strategies have no shared tables: nothing to do.
     *
     * @return the tables with the tenant column that no policy protects; empty when all are
     * @throws io.fahren.FahrenConfigurationException when a new table cannot be protected (its
     *         constraints reach across tenants, its tenant column's type is not supported)
     */
    public List<String> protectChangedTables() {
        try (Connection c = dataSource.getConnection()) {
            return isolation.protectChangedTables(c);
        } catch (SQLException e) {
            throw Sql.failure("protecting the tables a migration added", e);
        }
    }

    /**
     * Sets up row-level security: the NOLOGIN tenant role, grants (sequences included), ENABLE and
     * FORCE ROW LEVEL SECURITY and the policies, in one transaction.
     *
     * @return the tables set up, as {@code schema.table}
     * @throws io.fahren.FahrenConfigurationException when a table already has a policy of Fahren's name
     */
    public List<String> setup() {
        try (Connection c = dataSource.getConnection()) {
            return isolation.setup(c);
        } catch (SQLException e) {
            throw Sql.failure("setup", e);
        }
    }
}
