package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/** Lets tests in other packages look at a tenants side's shared pool directly. */
public final class PoolAccess {

    private PoolAccess() {
    }

    /**
     * @param tenants a tenants side
     * @return its shared pool, or null for per-tenant pools
     */
    public static HikariDataSource sharedPool(PostgresTenants tenants) {
        return tenants.pool();
    }

    /**
     * Checks what rests in a shared pool, holding all its connections at once so none is skipped:
     * no transaction is left open on any, and each is bound to no tenant or, as the contract allows
     * (a connection may rest bound to its last tenant), to one of the given tenants, role and
     * setting together. That the next tenant's first statement clears it is {@code
     * SessionStateTest}'s to prove. Per-tenant pools are not checked: they hold only their tenant.
     *
     * @param tenants a tenants side
     * @param lastTenants the tenants that may have used the pool last
     */
    public static void assertResting(PostgresTenants tenants, String... lastTenants) throws SQLException {
        HikariDataSource shared = tenants.pool();
        if (shared == null) {
            return;
        }
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < shared.getMaximumPoolSize(); i++) {
                Connection raw = shared.getConnection();
                held.add(raw);
                assertThat(raw.unwrap(BaseConnection.class).getTransactionState()).as("no transaction left open")
                        .isEqualTo(TransactionState.IDLE);
                try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user = session_user, "
                        + "coalesce(current_setting('fahren.tenant_id', true), ''), current_setting('search_path'), "
                        + "current_user")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        assertThat(rs.getString(2)).as("no tenant setting without the tenant role").isEmpty();
                        assertThat(rs.getString(3)).as("default search_path").isEqualTo("\"$user\", public");
                    } else {
                        String setting = rs.getString(2);
                        String role = rs.getString(4);
                        assertThat(List.of(lastTenants)).as("bound to one of the last tenants (setting '%s', role %s)",
                                setting, role).anyMatch(t -> setting.equals(t) || setting.isEmpty() && role.endsWith("_" + t));
                    }
                }
            }
        } finally {
            for (Connection raw : held) {
                raw.close();
            }
        }
    }
}
