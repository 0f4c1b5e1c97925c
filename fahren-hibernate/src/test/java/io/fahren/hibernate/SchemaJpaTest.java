package io.fahren.hibernate;

import io.fahren.postgres.BindingMode;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.SchemaOptions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/** JPA over a schema per tenant (shared pool). */
@WithPostgres
class SchemaJpaTest extends JpaIsolationContract {

    /** @return the URL tenant and management connections use; a subclass goes through PgBouncer */
    protected String url(PostgresDatabase db) {
        return db.jdbcUrl();
    }

    /** @return the binding mode */
    protected BindingMode mode() {
        return BindingMode.SESSION;
    }

    @Override
    protected void openStrategy(PostgresDatabase db) throws Exception {
        String app = "jsapp_" + run.replace('-', '_');
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + app + " LOGIN PASSWORD 'app-password-for-tests'");
        }
        postgres = Postgres.withSchemaIsolation(PostgresConnection.of(url(db), db.user(), db.password()),
                SchemaOptions.builder().bindingMode(mode()).schemaPrefix("js_").rolePrefix("js_").registrySchema("fahren_jpa")
                        .tenantLogins(List.of(app)).build());
        PostgresManagement management = postgres.forManagement();
        tenants = postgres.forTenants(PostgresConnection.of(url(db), app, "app-password-for-tests"));
        for (String tenant : List.of(a(), b())) {
            management.createTenant(tenant);
            tenants.withConnection(tenant, c -> c.createStatement().execute(
                    "CREATE TABLE notes (id bigserial PRIMARY KEY, tenant_id text NOT NULL, body text); "
                            + "CREATE TABLE cached_notes (id bigint PRIMARY KEY, body text)"));
        }
    }
}
