package io.fahren.postgres.impl.schema;

import io.fahren.postgres.BindingMode;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.TenantDdl;
import io.fahren.postgres.impl.citus.CitusCall;
import io.fahren.postgres.impl.pool.Isolation;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.postgres.SchemaOptions;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * A schema and a NOLOGIN role per tenant; tenant connections switch to the role and put the
 * schema on their {@code search_path}.
 */
public final class SchemaIsolation implements Isolation {

    private final SchemaOptions options;

    /**
     * @param options the strategy's options
     */
    public SchemaIsolation(SchemaOptions options) {
        this.options = options;
    }

    @Override
    public SchemaOptions options() {
        return options;
    }

    @Override
    public String description() {
        return "schema per tenant";
    }

    /** @return the tenant's schema name */
    public String schema(TenantId tenantId) {
        return options.schemaPrefix() + tenantId.value();
    }

    /** @return the tenant's role name */
    public String role(TenantId tenantId) {
        return options.rolePrefix() + tenantId.value();
    }

    @Override
    public List<String> setup(Connection c) {
        return List.of();
    }

    @Override
    public TenantResource resource(DataSource management) {
        return new SchemaResource(management, this, null);
    }

    /** Schema-based sharding: the tenant's schema, and every table in it, on one node. */
    @Override
    public boolean distributableWithCitus() {
        return true;
    }

    @Override
    public List<CitusCall> citusCalls(Connection c, TenantId tenantId) {
        return List.of(CitusCall.distributeSchema(schema(tenantId)));
    }

    /**
     * The management login acting as the tenant's role, in the tenant's schema. The role is set for
     * the session, so it is refused with transaction binding: behind PgBouncer's transaction
     * pooling the session's server connection would go back to PgBouncer still acting as the
     * tenant, and the migration's own transactions could run on another one.
     */
    @Override
    public TenantDdl ddl(PostgresConnection management, TenantId tenantId) {
        if (options.bindingMode() == BindingMode.TRANSACTION) {
            throw new FahrenConfigurationException("Schema-per-tenant migrations of tenant '" + tenantId + "' act as "
                    + "its role for a whole session, which PgBouncer's transaction pooling would hand to other clients; "
                    + "with fahren.postgres.binding-mode=transaction they are refused. Run them from a deployment whose "
                    + "management URL is direct or session-pooled, with binding-mode=session.");
        }
        return new TenantDdl(management, role(tenantId), schema(tenantId), false);
    }

    /**
     * Switches to the tenant's role and puts its schema on the {@code search_path}, with the
     * temporary schema last, so a temporary table never shadows one of the tenant's tables.
     */
    @Override
    public Binding binding(TenantId tenantId, boolean local) {
        return new Binding("SELECT set_config('role', ?, ?), set_config('search_path', ?, ?)",
                List.of(role(tenantId), local, searchPath(tenantId), local));
    }

    /** @return the tenant's {@code search_path}: its schema, then the temporary schema */
    String searchPath(TenantId tenantId) {
        return Sql.identifier(schema(tenantId)) + ", pg_temp";
    }

    @Override
    public boolean checkTenantsLogin(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            if (rs.getBoolean(2)) {
                throw new FahrenConfigurationException("The tenants-side login role '" + rs.getString(1) + "' is a "
                        + "superuser, which can read every tenant's schema. Use an ordinary role for the tenants side.");
            }
        }
        return true;
    }
}
