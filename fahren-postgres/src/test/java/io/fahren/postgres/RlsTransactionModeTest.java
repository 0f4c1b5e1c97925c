package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** In TRANSACTION mode the binding lives exactly as long as the transaction, as PgBouncer's transaction pooling needs. */
@WithPostgres
class RlsTransactionModeTest {

    @Test
    void theTenantIsBoundForTheTransactionOnlyAndFailuresRollBack(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE tx_orders (tenant_id text NOT NULL, total int)");
        PostgresConnection app = PgFixture.newLogin(db, "tx", "NOSUPERUSER NOBYPASSRLS");
        RlsOptions options = RlsOptions.builder().autoSetup(true).bindingMode(BindingMode.TRANSACTION).poolSize(1)
                .tables(List.of("public.tx_orders")).policyName("p_tx").tenantLogins(List.of(app.username())).build();
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            rls.forManagement().createTenant("acme");
            try (PostgresTenants tenants = rls.forTenants(app)) {
                assertThat(tenants.queryAs("acme", "SELECT current_setting('fahren.tenant_id') AS t, "
                        + "current_setting('transaction_isolation') AS i").get(0)).containsEntry("t", "acme");

                assertThatThrownBy(() -> tenants.withConnection("acme", c -> {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("INSERT INTO tx_orders VALUES ('acme', 1)");
                        s.executeUpdate("INSERT INTO tx_orders VALUES ('acme', 'not a number')");
                    }
                })).hasMessageContaining("invalid input syntax");
                assertThat(tenants.queryAs("acme", "SELECT * FROM tx_orders")).as("the failed work rolled back").isEmpty();

                tenants.updateAs("acme", "INSERT INTO tx_orders VALUES ('acme', 2)");
                assertThat(tenants.queryAs("acme", "SELECT total FROM tx_orders")).hasSize(1);

                try (Connection raw = tenants.pool().getConnection(); Statement s = raw.createStatement();
                        ResultSet rs = s.executeQuery("SELECT coalesce(current_setting('fahren.tenant_id', true), ''), current_user")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("nothing survives the commit").isEmpty();
                    assertThat(rs.getString(2)).isEqualTo(app.username());
                }
                // the data source binds each transaction too: auto-commit stays off, commits are the application's
                javax.sql.DataSource ds = tenants.dataSource();
                io.fahren.Tenants.runAs("acme", () -> {
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        assertThat(c.getAutoCommit()).isFalse();
                        assertThatThrownBy(() -> c.setAutoCommit(true)).hasMessageContaining("stays out of auto-commit");
                        s.executeUpdate("INSERT INTO tx_orders VALUES ('acme', 3)");
                        c.commit();
                        s.executeUpdate("INSERT INTO tx_orders VALUES ('acme', 4)");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(tenants.queryAs("acme", "SELECT total FROM tx_orders ORDER BY total"))
                        .as("the committed row stays, the uncommitted one is rolled back at close")
                        .extracting(r -> r.get("total")).containsExactly(2, 3);
            }
        }
    }
}
