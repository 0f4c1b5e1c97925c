package io.fahren.postgres.twoservices;

import io.fahren.postgres.Postgres;
import io.fahren.TenantId;
import io.fahren.testing.FahrenExtensions;
import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.postgres.TenantAware;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The tenant-serving service of {@link TwoServicesTest}, run in a JVM of its own. Its whole
 * configuration comes from environment variables, and holds the tenants-side login only; each
 * argument is a tenant that writes a row and reads what it can see. Then it tries the management
 * API. It prints one line per finding.
 */
public final class TenantsService {

    private TenantsService() {
    }

    public static void main(String[] tenants) throws Exception {
        try (WeldContainer container = new Weld().disableDiscovery()
                .addExtensions(FahrenExtensions.of(TenantId.class, Postgres.class)).initialize()) {
            DataSource ds = container.select(DataSource.class, TenantAware.Literal.INSTANCE).get();
            for (String tenant : tenants) {
                List<String> seen = Tenants.callAs(tenant, () -> {
                    try (Connection c = ds.getConnection()) {
                        try (PreparedStatement insert = c.prepareStatement("INSERT INTO two_notes VALUES (?, ?)")) {
                            insert.setString(1, tenant);
                            insert.setString(2, "written by " + tenant);
                            insert.executeUpdate();
                        }
                        List<String> bodies = new ArrayList<>();
                        try (PreparedStatement read = c.prepareStatement("SELECT body FROM two_notes ORDER BY body");
                                ResultSet rs = read.executeQuery()) {
                            while (rs.next()) {
                                bodies.add(rs.getString(1));
                            }
                        }
                        return bodies;
                    }
                });
                System.out.println("SEEN " + tenant + " " + seen);
            }
            TenantManagement management = container.select(TenantManagement.class).get();
            report("CREATE", () -> management.createTenant("intruder"));
            report("LIST", management::list);
            report("DELETE", () -> {
                management.deleteTenant(tenants[0]);
                return null;
            });
        }
    }

    private static void report(String what, java.util.concurrent.Callable<?> call) {
        try {
            System.out.println(what + " DONE " + call.call());
        } catch (Exception e) {
            System.out.println(what + " REFUSED " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
