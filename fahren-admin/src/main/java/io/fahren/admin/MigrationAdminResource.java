package io.fahren.admin;

import io.fahren.admin.impl.AdminMigrations;
import io.fahren.admin.impl.AdminRuntime;
import io.fahren.http.TenantFree;
import io.fahren.internal.Problems;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.function.Function;

/**
 * Per-tenant schema migrations ({@code fahren-flyway}), under {@code fahren/migrations}, with the
 * same protection and errors as {@link TenantAdminResource}. Without {@code fahren-flyway} every
 * call is a 404 that says so. The bulk run is {@code POST fahren/jobs/migrate} ({@link AdminJobsResource}).
 *
 * <pre>
 * GET  fahren/migrations/acme   → {"id":"acme","version":"2","pending":[],"current":true}
 * POST fahren/migrations/acme   → the same, with "applied": how many migrations ran
 * </pre>
 */
@Path("fahren/migrations")
@RequestScoped
@TenantFree
@Produces(MediaType.APPLICATION_JSON)
public class MigrationAdminResource {

    @Inject
    AdminRuntime runtime;

    @Inject
    Instance<AdminMigrations> migrations;

    /**
     * @param id the tenant id
     * @param security the caller
     * @return its version, pending migrations and last failure
     */
    @GET
    @Path("{id}")
    public Response status(@PathParam("id") String id, @Context SecurityContext security) {
        return withMigrations(security, m -> m.status(id));
    }

    /**
     * @param id the tenant id
     * @param security the caller
     * @return how many migrations were applied, and the status after
     */
    @POST
    @Path("{id}")
    public Response migrate(@PathParam("id") String id, @Context SecurityContext security) {
        return withMigrations(security, m -> m.migrate(id));
    }

    private Response withMigrations(SecurityContext security, Function<AdminMigrations, Response> work) {
        return runtime.call(security, () -> migrations.isResolvable() ? work.apply(migrations.get())
                : notDeployed());
    }

    static Response notDeployed() {
        return Problems.problem(404, "Migrations not deployed",
                "The application does not deploy fahren-flyway, so it has no per-tenant migrations.");
    }
}
