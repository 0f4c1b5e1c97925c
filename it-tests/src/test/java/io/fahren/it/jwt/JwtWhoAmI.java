package io.fahren.it.jwt;

import io.fahren.Tenants;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Answers with the tenant the filter took from the caller's token. */
@Path("whoami")
@RequestScoped
public class JwtWhoAmI {

    @GET
    @RolesAllowed("user")
    public String whoAmI() {
        return Tenants.require().value();
    }
}
