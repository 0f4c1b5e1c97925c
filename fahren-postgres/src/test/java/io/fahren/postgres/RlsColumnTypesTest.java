package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.InvalidTenantIdException;
import io.fahren.TenantProvisioningException;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * RLS with tenant columns that are not text: only ids that come back unchanged from the column's
 * type are accepted, at createTenant and at bind time, so no two ids share rows; columns that
 * cannot keep every pair of ids apart are refused at setup.
 */
@WithPostgres
class RlsColumnTypesTest {

    private static PostgresConnection app;

    @BeforeAll
    static void login(PostgresDatabase db) throws SQLException {
        app = PgFixture.newLogin(db, "ct", "NOSUPERUSER NOBYPASSRLS");
    }

    private static Postgres rls(PostgresDatabase db, String table) {
        return Postgres.withRlsIsolation(PgFixture.admin(db), RlsOptions.builder().autoSetup(true)
                .tables(List.of("public." + table)).policyName("p_" + table).registrySchema("reg_" + table)
                .tenantLogins(List.of(app.username())).build());
    }

    @ParameterizedTest(name = "{0}: {1} works, {2} is refused")
    @CsvSource({
        "integer, 1, 01",
        "bigint, 9000000000, 09000000000",
        "smallint, 7, 70000",
        "uuid, a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11, a0eebc999c0b4ef8bb6d6bb9bd380a11",
        "varchar(56), umbrella-corp, ''",
        "text, 01, ''"})
    void onlyIdsThatRoundTripThroughTheColumnTypeAreAccepted(String type, String good, String aliased,
            PostgresDatabase db) {
        String table = "ct_" + type.replaceAll("[^a-z0-9]", "");
        try {
            PgFixture.execute(db, "CREATE TABLE " + table + " (tenant_id " + type + " NOT NULL, body text)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Postgres postgres = rls(db, table)) {
            postgres.forManagement().createTenant(good);
            if (!aliased.isEmpty()) {
                assertThatThrownBy(() -> postgres.forManagement().createTenant(aliased))
                        .isInstanceOf(TenantProvisioningException.class)
                        .hasRootCauseInstanceOf(InvalidTenantIdException.class)
                        .hasStackTraceContaining("canonical");
                assertThat(postgres.registry().find(io.fahren.TenantId.of(aliased))).isEmpty();
            }
            try (PostgresTenants tenants = postgres.forTenants(app)) {
                tenants.updateAs(good, "INSERT INTO " + table + " VALUES (?::" + type + ", 'mine')", good);
                assertThat(tenants.queryAs(good, "SELECT tenant_id::text AS t, body FROM " + table))
                        .containsExactly(Map.of("t", good, "body", "mine"));
            }
        }
    }

    @ParameterizedTest(name = "{0} is refused at setup")
    @CsvSource({"varchar(8)", "char(60)", "numeric", "bytea"})
    void columnsThatCannotKeepEveryPairOfIdsApartAreRefused(String type, PostgresDatabase db) throws SQLException {
        String table = "bad_" + type.replaceAll("[^a-z0-9]", "");
        PgFixture.execute(db, "CREATE TABLE " + table + " (tenant_id " + type + " NOT NULL)");
        try (Postgres postgres = rls(db, table)) {
            assertThatThrownBy(() -> postgres.forManagement().createTenant("umbrella-corp"))
                    .hasRootCauseInstanceOf(FahrenConfigurationException.class)
                    .hasStackTraceContaining("cannot keep every pair of tenant ids apart");
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_policies WHERE tablename = ?", table)).isZero();
        }
    }

    @Test
    void aColumnChangedUnderExistingTenantsIsCaughtAtSetupAndAtBindTime(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE ct_changed (tenant_id text NOT NULL)");
        try (Postgres postgres = rls(db, "ct_changed")) {
            postgres.forManagement().createTenant("01");
            postgres.forManagement().createTenant("1");
            // a hand-made migration turns the column into an integer: '01' and '1' would now share rows
            PgFixture.execute(db, "DROP POLICY p_ct_changed ON ct_changed",
                    "ALTER TABLE ct_changed ALTER COLUMN tenant_id TYPE integer USING tenant_id::integer");
            try (PostgresTenants tenants = postgres.forTenants(app)) {
                assertThatThrownBy(() -> tenants.queryAs("01", "SELECT * FROM ct_changed"))
                        .isInstanceOf(InvalidTenantIdException.class).hasMessageContaining("integer");
                assertThat(tenants.queryAs("1", "SELECT * FROM ct_changed")).isEmpty();
            }
            assertThatThrownBy(() -> postgres.forManagement().setup()).hasMessageContaining("'01'");
        }
    }
}
