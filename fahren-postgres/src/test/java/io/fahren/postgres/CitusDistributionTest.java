package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.postgres.impl.citus.CitusCall;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Citus step, as far as it can be tested without Citus (no Citus build can be had here): the
 * calls it would make, with every name bound and accepted by the server as the object it names;
 * a clear refusal that changes nothing when Citus is required and absent; nothing done when it is
 * optional and absent; and database per tenant refused.
 */
@WithPostgres
class CitusDistributionTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void rowLevelSecurityDistributesEachTenantTableByItsColumnAndMakesTheTenantsTableAReferenceTable(PostgresDatabase db)
            throws Exception {
        String schema = "cit_" + RUN;
        PgFixture.execute(db, "CREATE SCHEMA " + schema,
                "CREATE TABLE " + schema + ".notes (id serial PRIMARY KEY, tenant_id text NOT NULL, body text)",
                "CREATE TABLE " + schema + ".\"Odd Name\" (id serial PRIMARY KEY, tenant_id text NOT NULL)");
        RlsOptions options = RlsOptions.builder().registrySchema("fahren_cit_" + RUN).bindingMode(PgFixture.mode())
                .tables(List.of(schema + ".notes", schema + ".Odd Name")).build();
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            rls.forManagement().setup();
            List<CitusCall> calls;
            try (Connection c = db.connect()) {
                calls = rls.citusDistribution(CitusMode.AUTO).calls(c, TenantId.of("acme"));
                assertThat(calls).extracting(CitusCall::sql).containsExactly(
                        "SELECT create_reference_table(?::regclass)",
                        "SELECT create_distributed_table(?::regclass, ?)",
                        "SELECT create_distributed_table(?::regclass, ?)");
                assertThat(calls).extracting(CitusCall::args).containsExactlyInAnyOrder(
                        List.of("\"fahren_cit_" + RUN + "\".\"rls_tenants\""),
                        List.of("\"" + schema + "\".\"notes\"", "tenant_id"),
                        List.of("\"" + schema + "\".\"Odd Name\"", "tenant_id"));
                // the names travel as values, and the server reads each as the table it names
                for (CitusCall call : calls) {
                    assertThat(call.sql()).doesNotContain(schema).doesNotContain("Odd");
                    assertThat(regclass(c, call.args().get(0))).isNotNull();
                }
            }
        }
    }

    @Test
    void schemaPerTenantDistributesTheTenantsSchema(PostgresDatabase db) throws Exception {
        try (Postgres schemas = schemas(db, "cs_")) {
            String tenant = "acme-" + RUN;
            schemas.forManagement(List.of(schemas.citusDistribution(CitusMode.AUTO))).createTenant(tenant);
            try (Connection c = db.connect()) {
                List<CitusCall> calls = schemas.citusDistribution(CitusMode.AUTO).calls(c, TenantId.of(tenant));
                assertThat(calls).singleElement().satisfies(call -> {
                    assertThat(call.sql()).isEqualTo("SELECT citus_schema_distribute(?::regnamespace)");
                    assertThat(call.args()).containsExactly("\"cs_" + tenant + "\"");
                    assertThat(call.doneSql()).isEqualTo("SELECT 1 FROM pg_dist_schema WHERE schemaid = ?::regnamespace");
                });
                try (PreparedStatement p = c.prepareStatement("SELECT ?::regnamespace::text")) {
                    p.setString(1, calls.get(0).args().get(0));
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        assertThat(rs.getString(1)).as("the server reads the value as the tenant's schema")
                                .isEqualTo("\"cs_" + tenant + "\"");
                    }
                }
            }
        }
    }

    @Test
    void requiredWithoutTheExtensionRefusesTheTenantAndLeavesNothingBehind(PostgresDatabase db) throws Exception {
        try (Postgres schemas = schemas(db, "cr_")) {
            PostgresManagement management = schemas.forManagement(List.of(schemas.citusDistribution(CitusMode.REQUIRED)));
            String tenant = "acme-" + RUN;
            assertThatThrownBy(() -> management.createTenant(tenant))
                    .hasStackTraceContaining("fahren.postgres.citus=required")
                    .hasStackTraceContaining("CREATE EXTENSION citus");
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", "cr_" + tenant))
                    .as("the schema the strategy created first is gone").isZero();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE rolname = ?", "cr_" + tenant)).isZero();
            assertThat(management.find(tenant)).as("no tenant recorded").isEmpty();
        }
    }

    @Test
    void autoWithoutTheExtensionCreatesTheTenantWithNoCitusCall(PostgresDatabase db) throws Exception {
        try (Postgres schemas = schemas(db, "ca_")) {
            PostgresManagement management = schemas.forManagement(List.of(schemas.citusDistribution(CitusMode.AUTO)));
            String tenant = "acme-" + RUN;
            assertThat(management.createTenant(tenant).state()).isEqualTo(TenantState.ACTIVE);
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", "ca_" + tenant)).isOne();
            management.deleteTenant(tenant);
        }
    }

    @Test
    void databasePerTenantHasNothingCitusDistributesAndIsRefused(PostgresDatabase db) throws Exception {
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(
                Files.createTempDirectory("fahren-citus-").resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
        try (Postgres databases = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets,
                DatabaseOptions.builder().prefix("cd_").registrySchema("fahren_cd_" + RUN).build())) {
            assertThatThrownBy(() -> databases.citusDistribution(CitusMode.AUTO))
                    .isInstanceOf(FahrenConfigurationException.class)
                    .hasMessageContaining("not database per tenant").hasMessageContaining("fahren.postgres.citus=off");
            assertThat(databases.citusDistribution(CitusMode.OFF).mode()).isEqualTo(CitusMode.OFF);
        }
    }

    /** @return schema isolation with its own prefix and registry, so the tests do not meet */
    private static Postgres schemas(PostgresDatabase db, String prefix) {
        return Postgres.withSchemaIsolation(PgFixture.admin(db), SchemaOptions.builder().schemaPrefix(prefix)
                .rolePrefix(prefix).registrySchema("fahren_" + prefix + RUN).bindingMode(PgFixture.mode()).build());
    }

    private static Long regclass(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT ?::regclass::oid")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
