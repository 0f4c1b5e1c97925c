package io.fahren.admin;

import io.fahren.Tenant;
import io.fahren.TenantQuery;
import io.fahren.TenantState;
import io.fahren.admin.impl.AdminJson;
import io.fahren.admin.impl.AdminRuntime;
import io.fahren.admin.impl.BadRequest;
import io.fahren.http.TenantFree;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Locale;

/**
 * The tenants of the admin API, under {@code fahren/tenants} of the application's JAX-RS path.
 * Every call needs an authenticated caller in the role {@code fahren.admin.role}; errors are
 * {@code application/problem+json}: 400 for malformed input (never 500), 401, 403, 404 for an
 * unknown tenant, 409 for a conflict with its state.
 *
 * <pre>
 * POST   fahren/tenants                  {"id":"acme","attributes":{"plan":"pro"}}  → 201 the tenant
 * GET    fahren/tenants?state=ACTIVE&amp;prefix=ac&amp;attribute=plan=pro&amp;after=acme&amp;limit=100
 *                                        → {"tenants":[...],"next":"..."}
 * GET    fahren/tenants/acme             → the tenant
 * PUT    fahren/tenants/acme/attributes  {"plan":"enterprise"}  → the tenant
 * POST   fahren/tenants/acme/suspend     → the SUSPENDED tenant
 * POST   fahren/tenants/acme/resume      → the ACTIVE tenant
 * POST   fahren/tenants/acme/rotate      → the tenant, its credentials rotated
 * DELETE fahren/tenants/acme             → 204
 * </pre>
 */
@Path("fahren/tenants")
@RequestScoped
@TenantFree
@Produces(MediaType.APPLICATION_JSON)
public class TenantAdminResource {

    @Inject
    AdminRuntime runtime;

    /**
     * @param body {@code {"id": ..., "attributes": {...}}}
     * @param security the caller
     * @param uri the request URI, for the new tenant's location
     * @return 201 with the ACTIVE tenant
     */
    @POST
    public Response create(String body, @Context SecurityContext security, @Context UriInfo uri) {
        return runtime.call(security, () -> {
            JsonObject request = AdminJson.object(body);
            String id = AdminJson.string(request, "id");
            if (id == null) {
                throw new BadRequest("The field 'id' is required.");
            }
            Tenant tenant = runtime.management().createTenant(id, AdminJson.stringsField(request, "attributes"));
            return Response.created(uri.getAbsolutePathBuilder().path(tenant.id().value()).build())
                    .entity(AdminJson.tenant(tenant).build().toString()).build();
        });
    }

    /**
     * @param states the states to list (repeatable); none for every state
     * @param prefix the id prefix
     * @param attributes {@code key=value} pairs every listed tenant has (repeatable)
     * @param after the cursor of the previous page
     * @param limit the page size, 1 to 1000 (100 by default)
     * @param security the caller
     * @return one page of tenants
     */
    @GET
    public Response list(@QueryParam("state") List<String> states, @QueryParam("prefix") String prefix,
            @QueryParam("attribute") List<String> attributes, @QueryParam("after") String after,
            @QueryParam("limit") String limit, @Context SecurityContext security) {
        return runtime.call(security, () -> {
            TenantQuery query = TenantQuery.all().withIdPrefix(prefix).after(after)
                    .inStates(states.stream().map(TenantAdminResource::state).toArray(TenantState[]::new));
            for (String pair : attributes) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    throw new BadRequest("An attribute filter is key=value.");
                }
                query = query.withAttribute(pair.substring(0, eq), pair.substring(eq + 1));
            }
            if (limit != null) {
                query = query.limit(number(limit, "limit"));
            }
            return Response.ok(AdminJson.page(runtime.management().list(query))).build();
        });
    }

    /**
     * @param id the tenant id
     * @param security the caller
     * @return the tenant, in whatever state
     */
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        return runtime.call(security, () -> runtime.management().find(id)
                .map(tenant -> Response.ok(AdminJson.tenant(tenant).build().toString()).build())
                .orElseThrow(() -> new io.fahren.UnknownTenantException(io.fahren.TenantId.of(id), "unknown")));
    }

    /**
     * @param id the tenant id
     * @param body the new attributes, an object of strings (replaces them all)
     * @param security the caller
     * @return the tenant
     */
    @PUT
    @Path("{id}/attributes")
    public Response attributes(@PathParam("id") String id, String body, @Context SecurityContext security) {
        return runtime.call(security, () -> ok(runtime.management().updateAttributes(id,
                AdminJson.strings(AdminJson.object(body), "the attributes"))));
    }

    /**
     * @param id the tenant id
     * @param security the caller
     * @return the SUSPENDED tenant
     */
    @POST
    @Path("{id}/suspend")
    public Response suspend(@PathParam("id") String id, @Context SecurityContext security) {
        return runtime.call(security, () -> ok(runtime.management().suspendTenant(id)));
    }

    /**
     * @param id the tenant id
     * @param security the caller
     * @return the ACTIVE tenant
     */
    @POST
    @Path("{id}/resume")
    public Response resume(@PathParam("id") String id, @Context SecurityContext security) {
        return runtime.call(security, () -> ok(runtime.management().resumeTenant(id)));
    }

    /**
     * @param id the tenant id
     * @param security the caller
     * @return the tenant, its credentials rotated
     */
    @POST
    @Path("{id}/rotate")
    public Response rotate(@PathParam("id") String id, @Context SecurityContext security) {
        return runtime.call(security, () -> ok(runtime.management().rotateCredentials(id)));
    }

    /**
     * @param id the tenant id
     * @param security the caller
     * @return 204, also when there was no such tenant
     */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        return runtime.call(security, () -> {
            runtime.management().deleteTenant(id);
            return Response.noContent().build();
        });
    }

    private static Response ok(Tenant tenant) {
        return Response.ok(AdminJson.tenant(tenant).build().toString()).build();
    }

    private static TenantState state(String name) {
        try {
            return TenantState.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("A state filter is one of " + List.of(TenantState.values()) + ".");
        }
    }

    static int number(String text, String what) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest("The " + what + " must be a whole number.");
        }
    }
}
