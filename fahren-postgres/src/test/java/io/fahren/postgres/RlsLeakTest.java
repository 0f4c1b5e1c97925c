package io.fahren.postgres;

import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One pooled connection shared by 8 threads, 2,000 transactions each, each as a random tenant out
 * of 20: every transaction must see its own tenant's rows and nothing else.
 */
@WithPostgres
class RlsLeakTest {

    private static final int TENANTS = 20;

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void noTransactionEverSeesAnotherTenantsRows(BindingMode mode, PostgresDatabase db) throws Exception {
        String table = "leak_" + mode.name().toLowerCase();
        PgFixture.execute(db, "CREATE TABLE " + table + " (tenant_id text NOT NULL, marker text NOT NULL)");
        PostgresConnection app = PgFixture.newLogin(db, "leak", "NOSUPERUSER NOBYPASSRLS");
        RlsOptions options = RlsOptions.builder().autoSetup(true).poolSize(1).bindingMode(mode)
                .tables(List.of("public." + table)).policyName("fahren_" + table)
                .tenantLogins(List.of(app.username())).build();
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            PostgresManagement management = rls.forManagement();
            for (int t = 0; t < TENANTS; t++) {
                management.createTenant("t" + t + "-" + mode.name().toLowerCase());
            }
            try (PostgresTenants tenants = rls.forTenants(app)) {
                for (int t = 0; t < TENANTS; t++) {
                    String tenant = "t" + t + "-" + mode.name().toLowerCase();
                    tenants.updateAs(tenant, "INSERT INTO " + table + " VALUES (?, ?), (?, ?)", tenant, tenant, tenant, tenant);
                }
                List<String> ids = new ArrayList<>();
                for (int t = 0; t < TENANTS; t++) {
                    ids.add("t" + t + "-" + mode.name().toLowerCase());
                }
                PooledLeakRun.run("RLS (" + mode + ")", tenants, ids, 2,
                        (on, tenant) -> on.callWithConnection(tenant, c -> markers(c, table)));
            }
        }
    }

    private static List<String> markers(java.sql.Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT marker FROM " + table); ResultSet rs = s.executeQuery()) {
            List<String> markers = new ArrayList<>();
            while (rs.next()) {
                markers.add(rs.getString(1));
            }
            return markers;
        }
    }
}
