package io.fahren.it.http;

import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.http.TenantFree;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Admin endpoints: no tenant is resolved for them. */
@Path("admin")
@TenantFree
@ApplicationScoped
public class Admin {

    @Inject
    TenantManagement management;

    @POST
    @Path("tenants/{id}")
    public String create(@PathParam("id") String id) {
        return management.createTenant(id).state().name();
    }

    @DELETE
    @Path("tenants/{id}")
    public String delete(@PathParam("id") String id) {
        management.deleteTenant(id);
        return "deleted";
    }

    /** @return whether any tenant is current: a tenant left by an earlier request would show here */
    @GET
    @Path("current")
    public String current() {
        return Tenants.current().map(t -> "leaked:" + t.value()).orElse("none");
    }
}
