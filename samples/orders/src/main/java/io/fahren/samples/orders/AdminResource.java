package io.fahren.samples.orders;

import io.fahren.Tenant;
import io.fahren.TenantManagement;
import io.fahren.hibernate.TenantSchemas;
import io.fahren.http.TenantFree;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresTenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Admin endpoints, with no tenant: create (with the tenant's tables), list and delete tenants.
 * Protect them with your own authentication in a real deployment.
 */
@Path("admin/tenants")
@TenantFree
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    TenantManagement management;

    @Inject
    Postgres postgres;

    /** Looked up when needed: with RLS, the tenants side needs the role the first createTenant sets up. */
    @Inject
    Instance<PostgresTenants> tenants;

    @Inject
    @ConfigProperty(name = "fahren.postgres.isolation")
    String isolation;

    private volatile boolean sharedTableReady;

    @POST
    @Path("{id}")
    public Map<String, String> create(@PathParam("id") String id) throws SQLException {
        if (isolation.equals("rls")) {
            createSharedTable();
        }
        Tenant tenant = management.createTenant(id);
        if (!isolation.equals("rls")) {
            TenantSchemas.create(tenants.get(), id, List.of(Order.class));
        }
        return describe(tenant);
    }

    /** With row-level security the table is shared: the management login creates it once. */
    private synchronized void createSharedTable() throws SQLException {
        if (!sharedTableReady) {
            try (Connection c = postgres.managementDataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, tenant_id text NOT NULL, "
                        + "item varchar(255) NOT NULL, quantity integer NOT NULL)");
            }
            sharedTableReady = true;
        }
    }

    @GET
    public List<Map<String, String>> list() {
        return management.list().stream().map(AdminResource::describe).toList();
    }

    @DELETE
    @Path("{id}")
    public Map<String, String> delete(@PathParam("id") String id) {
        if (management.find(id).isEmpty()) {
            throw new NotFoundException("No tenant " + id);
        }
        management.deleteTenant(id);
        return Map.of("id", id, "state", "DELETED");
    }

    private static Map<String, String> describe(Tenant tenant) {
        return Map.of("id", tenant.id().value(), "state", tenant.state().name());
    }
}
