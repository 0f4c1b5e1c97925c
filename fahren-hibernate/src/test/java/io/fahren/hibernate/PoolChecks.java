package io.fahren.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.postgres.PoolAccess;
import io.fahren.postgres.PostgresTenants;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Checks that no tenant is left on a shared pool's connections. */
public final class PoolChecks {

    private PoolChecks() {
    }

    /**
     * With a shared pool, every pooled connection (all held at once, so none is skipped) is back to
     * the login role, with no tenant setting and the default {@code search_path}.
     *
     * @param tenants a tenants side; per-tenant pools are not checked, they hold only their tenant
     */
    public static void assertClean(PostgresTenants tenants) throws SQLException {
        HikariDataSource shared = PoolAccess.sharedPool(tenants);
        if (shared == null) {
            return;
        }
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < shared.getMaximumPoolSize(); i++) {
                Connection raw = shared.getConnection();
                held.add(raw);
                try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user = session_user, "
                        + "coalesce(current_setting('fahren.tenant_id', true), ''), current_setting('search_path')")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).as("no tenant role left on the pooled connection").isTrue();
                    assertThat(rs.getString(2)).as("no tenant setting left").isEmpty();
                    assertThat(rs.getString(3)).as("default search_path").isEqualTo("\"$user\", public");
                }
            }
        } finally {
            for (Connection raw : held) {
                raw.close();
            }
        }
    }
}
