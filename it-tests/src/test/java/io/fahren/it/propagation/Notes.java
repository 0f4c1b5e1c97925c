package io.fahren.it.propagation;

import io.fahren.TenantScoped;
import io.fahren.Tenants;
import io.fahren.postgres.TenantAware;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The tenant's notes (a row-level-security table), read and written through Fahren's tenant-aware
 * data source: whichever tenant is current on the thread that calls.
 */
@ApplicationScoped
public class Notes {

    @Inject
    @TenantAware
    DataSource notes;

    @Inject
    Identity identity;

    /** A @TenantScoped bean: one instance per tenant, whichever thread asks. */
    @TenantScoped
    public static class Identity {
        private final String value = UUID.randomUUID().toString();
        private final String owner = Tenants.require().value();

        public String describe() {
            return owner + "@" + value;
        }
    }

    public void add(String body) throws SQLException {
        try (Connection c = notes.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO notes (tenant_id, body) VALUES (?, ?)")) {
            s.setString(1, Tenants.require().value());
            s.setString(2, body);
            s.executeUpdate();
        }
    }

    /** @return "owner:body" of every row the current tenant can see */
    public List<String> all() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = notes.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT tenant_id, body FROM notes ORDER BY id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getString(2));
            }
        }
        return rows;
    }

    /** @return the @TenantScoped instance of the current tenant, as "owner@identity" */
    public String scopedIdentity() {
        return identity.describe();
    }
}
