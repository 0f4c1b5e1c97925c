package io.fahren.hibernate;

import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.RlsOptions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/** JPA over row-level security. */
@WithPostgres
class RlsJpaTest extends JpaIsolationContract {

    @Override
    protected void openStrategy(PostgresDatabase db) throws Exception {
        String table = "notes";
        String app = "japp_" + run.replace('-', '_');
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table
                    + " (id bigserial PRIMARY KEY, tenant_id text NOT NULL, body text)");
            s.execute("CREATE ROLE " + app + " LOGIN PASSWORD 'app-password-for-tests'");
        }
        postgres = Postgres.withRlsIsolation(PostgresConnection.of(db.jdbcUrl(), db.user(), db.password()),
                RlsOptions.builder().autoSetup(true).tables(List.of("public.notes")).policyName("p_jpa")
                        .registrySchema("fahren_jpa").grantTenantRoleTo(List.of(app)).build());
        PostgresManagement management = postgres.forManagement();
        management.createTenant(a());
        management.createTenant(b());
        tenants = postgres.forTenants(PostgresConnection.of(db.jdbcUrl(), app, "app-password-for-tests"));
    }
}
