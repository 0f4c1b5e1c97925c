package io.fahren.it.http;

import io.fahren.Tenants;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Tenant-aware resources: they answer with the current tenant the filter set. */
@Path("/")
@RequestScoped
public class WhoAmI {

    @GET
    @Path("whoami")
    public String whoAmI() {
        return Tenants.require().value();
    }

    @GET
    @Path("fail")
    public String fail() {
        throw new IllegalStateException("failed as " + Tenants.require().value());
    }

    @GET
    @Path("t/{tenant}/whoami")
    public String byPath(@PathParam("tenant") String tenant) {
        return Tenants.require().value();
    }
}
