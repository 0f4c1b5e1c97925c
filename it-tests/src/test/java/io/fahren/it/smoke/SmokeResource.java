package io.fahren.it.smoke;

import io.fahren.FahrenException;
import io.fahren.InvalidTenantIdException;
import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.TenantId;
import io.fahren.UnknownTenantException;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.TenantSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Exposes Fahren's core over HTTP so the test can drive it from outside the server. */
@Path("/smoke")
@ApplicationScoped
@Produces(MediaType.TEXT_PLAIN)
public class SmokeResource {

    @Inject
    TenantManagement management;

    @Inject
    TenantCounter counter;

    @Inject
    TenantRunner runner;

    @Inject
    JournalResource journal;

    @Inject
    TenantSecrets secrets;

    @POST
    @Path("/tenants/{id}")
    public String create(@PathParam("id") String id) {
        return management.createTenant(id).state().name();
    }

    @DELETE
    @Path("/tenants/{id}")
    public String delete(@PathParam("id") String id) {
        management.deleteTenant(id);
        return "deleted";
    }

    @GET
    @Path("/journal")
    public String journal() {
        return String.join(",", journal.journal());
    }

    @GET
    @Path("/scoped/{tenant}")
    public String scoped(@PathParam("tenant") String tenant) throws Exception {
        return Tenants.callAs(tenant, counter::describe);
    }

    @GET
    @Path("/scoped")
    public Response scopedWithoutTenant() {
        try {
            return Response.ok(counter.describe()).build();
        } catch (RuntimeException e) {
            return Response.status(409).entity(e.getClass().getSimpleName() + ": " + e.getMessage()).build();
        }
    }

    @GET
    @Path("/run-as/{tenant}")
    public Response runAs(@PathParam("tenant") String tenant) {
        try {
            return Response.ok(runner.as(tenant) + " after:" + Tenants.current().isPresent()).build();
        } catch (InvalidTenantIdException e) {
            return Response.status(400).entity("invalid").build();
        } catch (UnknownTenantException e) {
            return Response.status(404).entity("unknown").build();
        } catch (FahrenException e) {
            return Response.status(500).entity(e.getClass().getSimpleName()).build();
        }
    }

    @POST
    @Path("/secrets/{tenant}")
    public String storeSecret(@PathParam("tenant") String tenant) {
        TenantId id = TenantId.of(tenant);
        secrets.store(id, "postgres", new ConnectionSecret(null, "tenant_" + tenant, "pw-" + tenant));
        ConnectionSecret back = secrets.load(id, "postgres");
        return secrets.path(id, "postgres") + " " + back.username() + " " + back.password().equals("pw-" + tenant)
                + " " + optionalDependencyPresent("software.amazon.awssdk.services.secretsmanager.SecretsManagerClient")
                + " " + optionalDependencyPresent("io.github.jopenlibs.vault.Vault");
    }

    private static boolean optionalDependencyPresent(String className) {
        try {
            Class.forName(className, false, SmokeResource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @GET
    @Path("/run-as-acme")
    public String runAsAcme() {
        return runner.asAcme();
    }
}
