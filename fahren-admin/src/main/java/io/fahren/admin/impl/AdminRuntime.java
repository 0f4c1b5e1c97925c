package io.fahren.admin.impl;

import io.fahren.BulkProgress;
import io.fahren.FahrenException;
import io.fahren.InvalidTenantIdException;
import io.fahren.TenantAlreadyExistsException;
import io.fahren.TenantIdPolicy;
import io.fahren.TenantManagement;
import io.fahren.TenantOperationException;
import io.fahren.TenantProvisioningException;
import io.fahren.TenantStateException;
import io.fahren.UnknownTenantException;
import io.fahren.internal.Problems;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the admin resources share: the access check, the translation of every failure into a
 * problem answer, and the job store. Application scoped; the scope is added by
 * {@code AdminExtension}.
 */
public class AdminRuntime {

    private static final Logger LOG = Logger.getLogger(AdminRuntime.class.getName());
    /** Finished jobs kept for {@code GET fahren/jobs/{id}}; the oldest go first. */
    private static final int KEPT_JOBS = 100;

    @Inject
    AdminSettings settings;

    @Inject
    TenantManagement management;

    private final Map<String, AdminJob> jobs = new ConcurrentHashMap<>();

    /** @return the management every call goes to */
    public TenantManagement management() {
        return management;
    }

    /**
     * Runs an admin call: refuses it unless the API is enabled and the caller is authenticated
     * and in the admin role, and answers any failure as a problem.
     *
     * @param security the request's security context
     * @param work the call
     * @return its answer, or the problem
     */
    public Response call(SecurityContext security, Supplier<Response> work) {
        if (!settings.enabled()) {
            return Problems.problem(404, "Not found", "The admin API is switched off (fahren.admin.enabled=false).");
        }
        if (settings.security() != AdminSettings.Security.NONE) {
            if (security == null || security.getUserPrincipal() == null) {
                return Problems.problem(401, "Unauthorized", "The admin API needs an authenticated caller.");
            }
            if (!security.isUserInRole(settings.role())) {
                return Problems.problem(403, "Forbidden", "The admin API needs the role '" + settings.role() + "'.");
            }
        }
        try {
            return work.get();
        } catch (RuntimeException e) {
            return problem(e);
        }
    }

    /**
     * @param e a failure of an admin call
     * @return its answer: 400 for bad input, 404 for an unknown tenant, 409 for a conflict with the
     *         tenant's state, 500 for a failed resource, 503 when a server Fahren needs is unavailable
     */
    static Response problem(RuntimeException e) {
        if (e instanceof InvalidTenantIdException) {
            return Problems.problem(400, "Invalid tenant id",
                    "The tenant id is not valid: it must match " + TenantIdPolicy.active().pattern() + ".");
        }
        if (e instanceof BadRequest || e instanceof IllegalArgumentException) {
            return Problems.problem(400, "Bad request", e.getMessage());
        }
        if (e instanceof UnknownTenantException unknown) {
            return Problems.problem(404, "Unknown tenant", "There is no tenant '" + unknown.tenantId() + "'.");
        }
        if (e instanceof TenantAlreadyExistsException || e instanceof TenantStateException) {
            return Problems.problem(409, "Conflict", e.getMessage());
        }
        if (e instanceof TenantProvisioningException || e instanceof TenantOperationException) {
            LOG.log(Level.WARNING, "An admin call failed", e);
            return Problems.problem(500, "Operation failed", e.getMessage());
        }
        LOG.log(Level.WARNING, "An admin call failed", e);
        if (e instanceof FahrenException) {
            return Problems.problem(503, "Unavailable", e.getMessage());
        }
        return Problems.problem(500, "Internal error", "The call failed: " + e.getClass().getSimpleName()
                + ". The server log has the details.");
    }

    /**
     * Starts a long operation on a thread of its own and keeps it for {@link #job(String)}.
     *
     * @param operation its name
     * @param run runs it, reporting progress to the consumer it is given
     * @return the started job
     */
    public AdminJob start(String operation, Function<Consumer<BulkProgress>, BulkProgress> run) {
        AdminJob job = new AdminJob(UUID.randomUUID().toString(), operation);
        forgetOldJobs();
        jobs.put(job.id(), job);
        Thread runner = new Thread(() -> {
            try {
                job.finish(run.apply(job::report), null);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Admin job " + job.id() + " (" + operation + ") failed", e);
                job.finish(null, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }, "fahren-admin-job");
        runner.setDaemon(true);
        runner.start();
        return job;
    }

    private void forgetOldJobs() {
        List<AdminJob> finished = new ArrayList<>(jobs.values().stream().filter(j -> j.finishedAt() != null).toList());
        if (finished.size() >= KEPT_JOBS) {
            finished.sort(Comparator.comparing(AdminJob::finishedAt));
            finished.subList(0, finished.size() - KEPT_JOBS + 1).forEach(j -> jobs.remove(j.id()));
        }
    }

    /**
     * @param id a job id
     * @return the job, if it is kept
     */
    public Optional<AdminJob> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** @return every kept job, newest first */
    public List<AdminJob> jobs() {
        return jobs.values().stream().sorted(Comparator.comparing(AdminJob::startedAt).reversed()).toList();
    }
}
