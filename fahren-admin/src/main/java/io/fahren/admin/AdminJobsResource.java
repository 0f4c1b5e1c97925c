package io.fahren.admin;

import io.fahren.TenantQuery;
import io.fahren.TenantState;
import io.fahren.admin.impl.AdminJob;
import io.fahren.admin.impl.AdminJson;
import io.fahren.admin.impl.AdminMigrations;
import io.fahren.admin.impl.AdminRuntime;
import io.fahren.admin.impl.BadRequest;
import io.fahren.http.TenantFree;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Long admin operations, under {@code fahren/jobs}: started with {@code 202 Accepted} and a
 * {@code Location} to poll, with the same protection and errors as {@link TenantAdminResource}.
 *
 * <pre>
 * POST fahren/jobs/migrate             → 202, every ACTIVE tenant migrated (with fahren-flyway)
 * POST fahren/jobs/rotate-credentials  {"states":["ACTIVE"],"prefix":"ac","attributes":{"plan":"pro"},"parallelism":4}
 *                                      → 202, Location: fahren/jobs/{id}
 * GET  fahren/jobs/{id}                → {"id":...,"state":"RUNNING","total":120,"succeeded":40,"failed":0,"failures":{}}
 * GET  fahren/jobs                     → every kept job, newest first
 * </pre>
 */
@Path("fahren/jobs")
@RequestScoped
@TenantFree
@Produces(MediaType.APPLICATION_JSON)
public class AdminJobsResource {

    private static final int DEFAULT_PARALLELISM = 4;

    @Inject
    AdminRuntime runtime;

    @Inject
    Instance<AdminMigrations> migrations;

    /**
     * @param body which tenants ({@code states}, {@code prefix}, {@code attributes}; all by
     *        default) and {@code parallelism} (4 by default)
     * @param security the caller
     * @param uri the request URI, for the job's location
     * @return 202 with the job
     */
    @POST
    @Path("rotate-credentials")
    public Response rotateCredentials(String body, @Context SecurityContext security, @Context UriInfo uri) {
        return runtime.call(security, () -> {
            JsonObject request = AdminJson.object(body);
            TenantQuery which = TenantQuery.all().withIdPrefix(AdminJson.string(request, "prefix"))
                    .inStates(states(request).toArray(TenantState[]::new));
            for (var attribute : AdminJson.stringsField(request, "attributes").entrySet()) {
                which = which.withAttribute(attribute.getKey(), attribute.getValue());
            }
            int parallelism = parallelism(request);
            TenantQuery selected = which;
            // checks the parallelism before the job starts, so that a bad one is a 400
            if (parallelism < 1 || parallelism > io.fahren.internal.BulkRun.MAX_PARALLELISM) {
                throw new BadRequest("The parallelism must be 1 to " + io.fahren.internal.BulkRun.MAX_PARALLELISM + ".");
            }
            AdminJob job = runtime.start("rotate-credentials",
                    progress -> runtime.management().rotateCredentials(selected, parallelism, progress));
            return Response.accepted(AdminJson.job(job))
                    .location(uri.getBaseUriBuilder().path(AdminJobsResource.class).path(job.id()).build()).build();
        });
    }

    /**
     * @param security the caller
     * @param uri the request URI, for the job's location
     * @return 202 with the job: every ACTIVE (and MIGRATION_FAILED) tenant migrated, as {@code
     *         TenantMigrations.migrateAll}; a 404 without {@code fahren-flyway}
     */
    @POST
    @Path("migrate")
    public Response migrate(@Context SecurityContext security, @Context UriInfo uri) {
        return runtime.call(security, () -> {
            if (!migrations.isResolvable()) {
                return MigrationAdminResource.notDeployed();
            }
            AdminMigrations run = migrations.get();
            AdminJob job = runtime.start("migrate", run::migrateAll);
            return Response.accepted(AdminJson.job(job))
                    .location(uri.getBaseUriBuilder().path(AdminJobsResource.class).path(job.id()).build()).build();
        });
    }

    /**
     * @param id a job id
     * @param security the caller
     * @return the job's progress
     */
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext security) {
        return runtime.call(security, () -> runtime.job(id).map(job -> Response.ok(AdminJson.job(job)).build())
                .orElseGet(() -> io.fahren.internal.Problems.problem(404, "Unknown job",
                        "There is no job with that id; finished jobs are kept for the last 100.")));
    }

    /**
     * @param security the caller
     * @return every kept job, newest first
     */
    @GET
    public Response list(@Context SecurityContext security) {
        return runtime.call(security, () -> {
            var all = Json.createArrayBuilder();
            for (AdminJob job : runtime.jobs()) {
                all.add(AdminJson.jobView(job));
            }
            return Response.ok(Json.createObjectBuilder().add("jobs", all).build().toString()).build();
        });
    }

    private static List<TenantState> states(JsonObject request) {
        JsonValue value = request.get("states");
        List<TenantState> states = new ArrayList<>();
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return states;
        }
        if (!(value instanceof JsonArray array)) {
            throw new BadRequest("The field 'states' must be an array of state names.");
        }
        for (JsonValue item : array) {
            try {
                states.add(TenantState.valueOf(((JsonString) item).getString().toUpperCase(Locale.ROOT)));
            } catch (ClassCastException | IllegalArgumentException e) {
                throw new BadRequest("Each of 'states' is one of " + List.of(TenantState.values()) + ".");
            }
        }
        return states;
    }

    private static int parallelism(JsonObject request) {
        JsonValue value = request.get("parallelism");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return DEFAULT_PARALLELISM;
        }
        if (value instanceof JsonNumber number && number.isIntegral()) {
            return number.intValue();
        }
        throw new BadRequest("The field 'parallelism' must be a whole number.");
    }
}
