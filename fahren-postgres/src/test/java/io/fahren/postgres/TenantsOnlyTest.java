package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.UnknownTenantException;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A process that serves tenants holds only tenant-side credentials: the tenants-side login (or,
 * for database isolation, a registry reader and the secrets store). It looks tenants up one at a
 * time and can neither list nor change the registry.
 */
@WithPostgres
class TenantsOnlyTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @TempDir
    static Path dir;

    @BeforeAll
    static void tables(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE to_notes (tenant_id text NOT NULL, body text)");
    }

    @Test
    void rowLevelSecurityServesFromTheTenantsLoginAlone(PostgresDatabase db) throws SQLException {
        PostgresConnection app = PgFixture.newLogin(db, "to_rls", "NOSUPERUSER NOBYPASSRLS");
        RlsOptions options = RlsOptions.builder().autoSetup(true).tables(List.of("public.to_notes")).policyName("p_to")
                .registrySchema("reg_to").bindingMode(BindingMode.TRANSACTION).tenantLogins(List.of(app.username()))
                .build();
        try (Postgres management = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            management.forManagement().createTenant("a-" + RUN);
            management.forManagement().createTenant("b-" + RUN);
        }
        try (PostgresTenants tenants = Postgres.tenantsOnly(app, options)) {
            tenants.updateAs("a-" + RUN, "INSERT INTO to_notes VALUES (?, 'of a')", "a-" + RUN);
            assertThat(tenants.queryAs("a-" + RUN, "SELECT body FROM to_notes")).hasSize(1);
            assertThat(tenants.queryAs("b-" + RUN, "SELECT body FROM to_notes")).isEmpty();
            assertThatThrownBy(() -> tenants.queryAs("nobody-" + RUN, "SELECT 1"))
                    .isInstanceOf(UnknownTenantException.class);
        }
        assertTheLoginSeesOneTenantAtATime(db, app, "reg_to", "a-" + RUN);
    }

    @Test
    void schemaIsolationServesFromTheTenantsLoginAlone(PostgresDatabase db) throws SQLException {
        PostgresConnection app = PgFixture.newLogin(db, "to_sch", "NOSUPERUSER NOBYPASSRLS");
        SchemaOptions options = SchemaOptions.builder().schemaPrefix("to_").rolePrefix("to_").registrySchema("reg_tos")
                .tenantLogins(List.of(app.username())).build();
        try (Postgres management = Postgres.withSchemaIsolation(PgFixture.admin(db), options)) {
            management.forManagement().createTenant("a-" + RUN);
        }
        try (PostgresTenants tenants = Postgres.tenantsOnly(app, options, null)) {
            assertThat(tenants.queryAs("a-" + RUN, "SELECT current_schema() AS s").get(0)).containsEntry("s", "to_a-" + RUN);
        }
        assertTheLoginSeesOneTenantAtATime(db, app, "reg_tos", "a-" + RUN);
    }

    @Test
    void databaseIsolationServesFromARegistryReaderAndTheSecretsStore(PostgresDatabase db) throws SQLException {
        PostgresConnection reader = PgFixture.newLogin(db, "to_db", "NOSUPERUSER NOBYPASSRLS");
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")),
                TenantSecrets.DEFAULT_PATTERN);
        DatabaseOptions options = DatabaseOptions.builder().prefix("tod_").registrySchema("reg_tod")
                .revokePublicConnect(true).tenantLogins(List.of(reader.username())).build();
        try (Postgres management = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets, options)) {
            management.forManagement().createTenant("a-" + RUN);
        }
        try (PostgresTenants tenants = Postgres.tenantsOnly(reader, options, secrets)) {
            assertThat(tenants.queryAs("a-" + RUN, "SELECT current_database() AS d").get(0))
                    .containsEntry("d", "tod_a-" + RUN);
        }
        assertTheLoginSeesOneTenantAtATime(db, reader, "reg_tod", "a-" + RUN);
    }

    /** The tenants-side login reads one tenant's state by its id; it cannot read or change the tables. */
    private static void assertTheLoginSeesOneTenantAtATime(PostgresDatabase db, PostgresConnection login, String schema,
            String tenant) throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(db.jdbcUrl());
        source.setUser(login.username());
        source.setPassword(login.password());
        DataSource asLogin = source;
        PostgresTenantRegistry view = PostgresTenantRegistry.lookupOnly(asLogin, schema);
        assertThat(view.find(TenantId.of(tenant))).get().extracting(t -> t.state()).isEqualTo(TenantState.ACTIVE);
        assertThat(view.find(TenantId.of("nobody-" + RUN))).isEmpty();
        assertThatThrownBy(view::list).isInstanceOf(FahrenConfigurationException.class)
                .hasMessageContaining("serves tenants only");
        assertThatThrownBy(() -> view.put(TenantId.of("x-" + RUN), TenantState.ACTIVE))
                .isInstanceOf(FahrenConfigurationException.class);
        assertThatThrownBy(() -> view.lock(TenantId.of(tenant))).isInstanceOf(FahrenConfigurationException.class);
        for (String sql : List.of("SELECT * FROM " + schema + ".tenants", "DELETE FROM " + schema + ".tenants",
                "SELECT * FROM " + schema + ".tenant_locks FOR UPDATE")) {
            assertThatThrownBy(() -> {
                try (var c = asLogin.getConnection(); var s = c.createStatement()) {
                    s.execute(sql);
                }
            }).as(sql).hasMessageContaining("permission denied");
        }
    }
}
