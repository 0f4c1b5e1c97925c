package io.fahren.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenException;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.SchemaOptions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Hibernate's schema tooling, run inside one tenant. */
@WithPostgres
class TenantSchemasTest {

    @Test
    void createsAndValidatesTheTablesOfOneTenantOnly(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String login = "jsch_" + run;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + login + " LOGIN PASSWORD 'app-password-for-tests'");
        }
        try (Postgres postgres = Postgres.withSchemaIsolation(PostgresConnection.of(db.jdbcUrl(), db.user(), db.password()),
                SchemaOptions.builder().schemaPrefix("ts_").rolePrefix("ts_").registrySchema("fahren_ts")
                        .tenantLogins(List.of(login)).build());
                PostgresTenants tenants = postgres.forTenants(PostgresConnection.of(db.jdbcUrl(), login,
                        "app-password-for-tests"))) {
            PostgresManagement management = postgres.forManagement();
            String made = "made-" + run;
            String empty = "empty-" + run;
            management.createTenant(made);
            management.createTenant(empty);

            TenantSchemas.create(tenants, made, List.of(Note.class));

            TenantSchemas.validate(tenants, made, List.of(Note.class));
            assertThat(tenants.queryAs(made, "SELECT count(*) AS n FROM notes").get(0)).containsEntry("n", 0L);
            assertThatThrownBy(() -> TenantSchemas.validate(tenants, empty, List.of(Note.class)))
                    .isInstanceOf(FahrenException.class)
                    .hasMessageContaining(empty)
                    .hasMessageContaining("notes");
        }
    }
}
