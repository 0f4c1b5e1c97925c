package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.testing.LeakCheck;
import io.fahren.testing.LeakReport;
import io.fahren.testing.LeakCheckKit;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The leak kit's related rows against row-level security: with tenant-scoped foreign keys no
 * tenant can make its order reference another tenant's customer, and the kit reports it when a
 * foreign key without the tenant column lets one.
 */
@WithPostgres
class RlsRelatedRowsLeakTest {

    private static PostgresConnection app;
    /** Roles are server-wide: one of this class's own, granted to its login by its first setup. */
    private static final String ROLE = "kit_tenant_" + java.util.UUID.randomUUID().toString().substring(0, 8);
    private static Postgres annotated;
    private static PostgresTenants annotatedTenants;

    @BeforeAll
    static void start(PostgresDatabase db) throws SQLException {
        app = PgFixture.newLogin(db, "kit", "NOSUPERUSER NOBYPASSRLS");
        shop(db, "kit_annotated");
        annotated = open(db, "kit_annotated", BindingMode.SESSION, RlsOptions.builder().scopeForeignKeys(true));
        annotatedTenants = annotated.forTenants(app);
    }

    @AfterAll
    static void stop() {
        annotatedTenants.close();
        annotated.close();
    }

    private static void shop(PostgresDatabase db, String s) throws SQLException {
        PgFixture.execute(db, "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".customers (tenant_id text NOT NULL, id bigserial PRIMARY KEY, name text NOT NULL)",
                "CREATE TABLE " + s + ".orders (tenant_id text NOT NULL, id bigserial PRIMARY KEY, "
                        + "customer bigint NOT NULL REFERENCES " + s + ".customers (id) ON DELETE CASCADE, note text)");
    }

    private static Postgres open(PostgresDatabase db, String s, BindingMode mode, RlsOptions.Builder options) {
        return Postgres.withRlsIsolation(PgFixture.admin(db), options.autoSetup(true).bindingMode(mode)
                .poolSize(1).tenantRole(ROLE)
                .tables(List.of(s + ".customers", s + ".orders")).tenantLogins(List.of(app.username())).build());
    }

    private static LeakReport run(Postgres rls, PostgresTenants tenants, String s) throws Exception {
        return LeakCheckKit.builder().provision(rls.forManagement()::createTenant)
                .deprovision(rls.forManagement()::deleteTenant).tenants(3).readsPerThread(30)
                .seed((tenant, marker) -> customer(tenants, s, tenant, marker))
                .related("orders of a customer", (tenant, marker) -> customer(tenants, s, tenant, marker),
                        (tenant, marker, customer) -> order(tenants, s, tenant, marker, customer))
                .read("orders", tenant -> notes(tenants, s, tenant))
                .run();
    }

    private static long customer(PostgresTenants tenants, String s, String tenant, String name) {
        return (Long) tenants.queryAs(tenant, "INSERT INTO " + s + ".customers (tenant_id, name) VALUES (?, ?) RETURNING id",
                tenant, name).get(0).get("id");
    }

    private static void order(PostgresTenants tenants, String s, String tenant, String note, Object customer) {
        tenants.updateAs(tenant, "INSERT INTO " + s + ".orders (tenant_id, customer, note) VALUES (?, ?, ?)", tenant,
                customer, note);
    }

    private static List<Object> notes(PostgresTenants tenants, String s, String tenant) {
        return tenants.queryAs(tenant, "SELECT c.name, o.note FROM " + s + ".customers c LEFT JOIN " + s
                + ".orders o ON o.customer = c.id").stream().map(Map::values).map(Object.class::cast).toList();
    }

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void noTenantCanReferenceAnotherTenantsCustomer(BindingMode mode, PostgresDatabase db) throws Exception {
        String s = "kit_scoped_" + mode.name().toLowerCase();
        shop(db, s);
        try (Postgres rls = open(db, s, mode, RlsOptions.builder().scopeForeignKeys(true));
                PostgresTenants tenants = rls.forTenants(app)) {
            LeakReport report = run(rls, tenants, s);
            report.assertNoLeaks();
            assertThat(report.crossReferences()).isEmpty();
            assertThat(report.referencesRefused()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void theKitReportsAForeignKeyThatReachesAcrossTenants(BindingMode mode, PostgresDatabase db) throws Exception {
        String s = "kit_unscoped_" + mode.name().toLowerCase();
        shop(db, s);
        try (Postgres rls = open(db, s, mode, RlsOptions.builder()
                .unscopedConstraints(List.of(s + ".orders.orders_customer_fkey")));
                PostgresTenants tenants = rls.forTenants(app)) {
            LeakReport report = run(rls, tenants, s);
            assertThat(report.crossReferences()).hasSize(3);
            assertThatThrownBy(report::assertNoLeaks).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("CROSS-TENANT REFERENCE: tenant '");
        }
    }

    @LeakCheck.Provision
    void create(String tenant) {
        annotated.forManagement().createTenant(tenant);
    }

    @LeakCheck.Deprovision
    void delete(String tenant) {
        annotated.forManagement().deleteTenant(tenant);
    }

    @LeakCheck.Seed
    void seed(String tenant, String marker) {
        customer(annotatedTenants, "kit_annotated", tenant, marker);
    }

    @LeakCheck.Parent("orders of a customer")
    Object customer(String tenant, String marker) {
        return customer(annotatedTenants, "kit_annotated", tenant, marker);
    }

    @LeakCheck.Child("orders of a customer")
    void order(String tenant, String marker, Object customer) {
        order(annotatedTenants, "kit_annotated", tenant, marker, customer);
    }

    @LeakCheck.Read("orders")
    Object orders(String tenant) {
        return notes(annotatedTenants, "kit_annotated", tenant);
    }

    @LeakCheck(tenants = 3, readsPerThread = 30)
    void theAnnotatedFormChecksRelatedRowsToo(LeakReport report) {
        assertThat(report.referencesRefused()).isEqualTo(3);
    }
}
