package io.fahren.it.redeploy;

import io.fahren.TenantManagement;
import io.fahren.http.TenantFree;
import io.fahren.postgres.TenantAware;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Application;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;

/** The redeployed application: creates database tenants and opens their per-tenant pools. */
@Path("r")
public class RedeployResource {

    /** The REST root. */
    @ApplicationPath("/api")
    public static class RedeployApplication extends Application {
    }

    @Inject
    TenantManagement management;

    @Inject
    @TenantAware
    DataSource tenantData;

    @POST
    @Path("tenants/{id}")
    @TenantFree
    public String create(@PathParam("id") String id) {
        return management.createTenant(id).state().name();
    }

    @GET
    @Path("database")
    public String database() throws Exception {
        try (Connection c = tenantData.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
