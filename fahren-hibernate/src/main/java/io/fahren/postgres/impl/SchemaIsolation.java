package io.fahren.postgres.impl;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.postgres.SchemaOptions;
import io.fahren.spi.TenantResource;
import jakarta.annotation.Priority;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
        return new Resource(management);
    }

    @Override
    public void bind(Connection c, TenantId tenantId, boolean local) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT set_config('role', ?, ?), set_config('search_path', ?, ?)")) {
            s.setString(1, role(tenantId));
            s.setBoolean(2, local);
            s.setString(3, Sql.identifier(schema(tenantId)));
            s.setBoolean(4, local);
            s.execute();
        }
    }

    @Override
    public void unbind(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("RESET search_path; RESET ROLE");
        }
    }

    @Override
    public void checkTenantsLogin(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            if (rs.getBoolean(2)) {
                throw new FahrenConfigurationException("The tenants-side login role '" + rs.getString(1) + "' is a "
                        + "superuser, which can read every tenant's schema. Use an ordinary role for the tenants side.");
            }
        }
    }

    /** Creates and drops a tenant's role and schema, each in one transaction. */
    @Priority(100)
    private final class Resource implements TenantResource {

        private final DataSource management;

        Resource(DataSource management) {
            this.management = management;
        }

        @Override
        public String name() {
            return "postgres";
        }

        @Override
        public void provision(TenantId tenantId) throws SQLException {
            String role = Sql.identifier(role(tenantId));
            String schema = Sql.identifier(schema(tenantId));
            inTransaction(s -> {
                s.execute("CREATE ROLE " + role + " NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
                s.execute("GRANT " + role + " TO CURRENT_USER WITH SET TRUE");
                s.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + role);
                s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT ALL ON TABLES TO " + role);
                s.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT ALL ON SEQUENCES TO " + role);
                for (String login : options.tenantLogins()) {
                    s.execute("GRANT " + role + " TO " + Sql.identifier(login) + " WITH INHERIT FALSE, SET TRUE");
                }
            });
        }

        @Override
        public void deprovision(TenantId tenantId) throws SQLException {
            String role = Sql.identifier(role(tenantId));
            String schema = Sql.identifier(schema(tenantId));
            boolean roleExists;
            try (Connection c = management.getConnection();
                    PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                p.setString(1, role(tenantId));
                try (ResultSet rs = p.executeQuery()) {
                    roleExists = rs.next();
                }
            }
            inTransaction(s -> {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                if (roleExists) {
                    s.execute("DROP OWNED BY " + role + " CASCADE");
                    s.execute("DROP ROLE " + role);
                }
            });
        }

        private void inTransaction(SqlSteps steps) throws SQLException {
            try (Connection c = management.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    steps.run(s);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    @FunctionalInterface
    private interface SqlSteps {
        void run(Statement s) throws SQLException;
    }
}
