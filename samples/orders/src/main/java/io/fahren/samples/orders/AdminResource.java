package io.fahren.samples.orders;

import io.fahren.Tenant;
import io.fahren.TenantManagement;
import io.fahren.http.TenantFree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * Admin endpoints, with no tenant: create (with the tenant's tables), list and delete tenants. The
 * code is the same for every strategy.
 * Protect them with your own authentication in a real deployment.
 */
@Path("admin/tenants")
@TenantFree
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    TenantManagement management;

    /**
     * Creates the tenant: its schema, database or row (as fahren.postgres.isolation says), then
     * its tables, by the migrations in db/migration (fahren-flyway's step of createTenant).
     */
    @POST
    @Path("{id}")
    public Map<String, String> create(@PathParam("id") String id) {
        return describe(management.createTenant(id));
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
