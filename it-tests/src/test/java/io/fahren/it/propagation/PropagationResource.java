package io.fahren.it.propagation;

import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.http.TenantFree;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ContextServiceDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorDefinition;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Work handed to other threads, each way a Jakarta EE application does it: Jakarta Concurrency's
 * managed executors (a tiny one defined here, and the default ones), {@code ContextService},
 * {@code @Asynchronous}, MicroProfile's {@code ManagedExecutor}, and asynchronous JAX-RS. Every task
 * reads the current tenant's notes and reports what it saw.
 */
@Path("prop")
@ContextServiceDefinition(name = PropagationResource.CONTEXT,
        propagated = ContextServiceDefinition.ALL_REMAINING, cleared = ContextServiceDefinition.TRANSACTION)
@ManagedExecutorDefinition(name = PropagationResource.TINY, context = PropagationResource.CONTEXT, maxAsync = 2)
@ManagedScheduledExecutorDefinition(name = PropagationResource.TINY_SCHEDULED, context = PropagationResource.CONTEXT,
        maxAsync = 2)
public class PropagationResource {

    static final String CONTEXT = "java:app/concurrent/tenantContext";
    static final String TINY = "java:app/concurrent/tiny";
    static final String TINY_SCHEDULED = "java:app/concurrent/tinyScheduled";

    /** What the "mp" executor answers on a server without MicroProfile Context Propagation. */
    static final String NO_MICROPROFILE = "no MicroProfile Context Propagation";

    private static final Logger LOG = Logger.getLogger(PropagationResource.class.getName());

    @Resource(lookup = TINY)
    ManagedExecutorService tiny;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService defaultExecutor;

    @Resource(lookup = TINY_SCHEDULED)
    ManagedScheduledExecutorService scheduled;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService defaultScheduled;

    @Resource(lookup = CONTEXT)
    ContextService tenantContext;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Inject
    Notes notes;

    @Inject
    AsyncNotes asyncNotes;

    /** Unsatisfied where the server has no MicroProfile Context Propagation (WildFly, Payara). */
    @Inject
    Instance<MicroProfileExecutor> mp;

    @Inject
    TenantManagement management;

    @POST
    @Path("tenants/{id}")
    @TenantFree
    public String create(@PathParam("id") String id) {
        return management.createTenant(id).state().name();
    }

    @POST
    @Path("notes/{body}")
    public String add(@PathParam("body") String body) throws Exception {
        notes.add(body);
        return "added";
    }

    /** What a task sees: its tenant, its rows' owners and its @TenantScoped instance. */
    private String observe() {
        try {
            String tenant = Tenants.current().map(TenantId::value).orElse("<none>");
            if (tenant.equals("<none>")) {
                return tenant;
            }
            return tenant + " " + notes.all() + " " + notes.scopedIdentity();
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    /** Reads the notes on a managed executor, from an asynchronous JAX-RS method. */
    @GET
    @Path("stage/{executor}")
    public CompletionStage<String> stage(@PathParam("executor") String executor) {
        Supplier<String> task = this::observe;
        return switch (executor) {
            case "tiny" -> tiny.supplyAsync(task);
            case "default" -> defaultExecutor.supplyAsync(task);
            case "scheduled" -> scheduled.supplyAsync(task);
            case "default-scheduled" -> defaultScheduled.supplyAsync(task);
            case "mp" -> mp.isResolvable() ? mp.get().executor().supplyAsync(task)
                    : CompletableFuture.completedFuture(NO_MICROPROFILE);
            case "stages" -> tiny.supplyAsync(() -> "first").thenApplyAsync(first -> observe());
            default -> CompletableFuture.completedFuture("unknown executor " + executor);
        };
    }

    @GET
    @Path("scheduled-later")
    public String scheduledLater() throws Exception {
        return scheduled.schedule((Callable<String>) this::observe, 50, TimeUnit.MILLISECONDS).get(30, TimeUnit.SECONDS);
    }

    /** Resumes a suspended JAX-RS response from a task on the tiny executor. */
    @GET
    @Path("suspended")
    public void suspended(@Suspended AsyncResponse response) {
        tiny.execute(() -> response.resume(observe()));
    }

    @GET
    @Path("asynchronous")
    public String asynchronous() throws Exception {
        return asyncNotes.read().get(30, TimeUnit.SECONDS);
    }

    /** Logs a line through java.util.logging here and from a task on the tiny executor. */
    @POST
    @Path("log/{text}")
    public String log(@PathParam("text") String text) throws Exception {
        LOG.info("fahren-log-check request " + text);
        tiny.submit(() -> LOG.info("fahren-log-check task " + text)).get(30, TimeUnit.SECONDS);
        return "logged";
    }

    /** Logs a line with no tenant current. */
    @POST
    @Path("log-free/{text}")
    @TenantFree
    public String logFree(@PathParam("text") String text) {
        LOG.info("fahren-log-check free " + text);
        return "logged";
    }

    @GET
    @Path("here")
    public String here() {
        return observe();
    }

    /**
     * A task captured with no tenant and run by a thread that has one (the request's): it runs
     * with none, and the request's tenant comes back afterwards.
     */
    @GET
    @Path("captured-without-tenant")
    public String capturedWithoutTenant() {
        Supplier<String> task;
        try (Tenants.Scope none = Tenants.openNone()) {
            task = tenantContext.contextualSupplier(this::observe);
        }
        String during = task.get();
        return during + " then " + Tenants.require().value();
    }

    /**
     * Eight managed threads, each submitting tasks of interleaved tenants to one executor; every
     * task checks that it runs as its submitter's tenant and sees only that tenant's rows.
     */
    @GET
    @Path("interleaved/{executor}")
    @TenantFree
    public String interleaved(@PathParam("executor") String executor, @QueryParam("tenants") String tenantList,
            @QueryParam("tasks") int tasksPerThread) throws Exception {
        List<String> tenants = List.of(tenantList.split(","));
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger wrongTenant = new AtomicInteger();
        AtomicInteger foreignRows = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        java.util.Set<String> wrongOn = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ExecutorService submitters = Executors.newFixedThreadPool(8, threads);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int caller = t;
                all.add(submitters.submit(() -> {
                    List<Future<?>> tasks = new ArrayList<>();
                    for (int i = 0; i < tasksPerThread; i++) {
                        String tenant = tenants.get((caller + i) % tenants.size());
                        Runnable task = () -> {
                            ran.incrementAndGet();
                            try {
                                String current = Tenants.current().map(TenantId::value).orElse("<none>");
                                if (!current.equals(tenant)) {
                                    wrongTenant.incrementAndGet();
                                    wrongOn.add(Thread.currentThread().getName() + " as " + current + " for " + tenant);
                                }
                                for (String row : notes.all()) {
                                    if (!row.startsWith(tenant + ":")) {
                                        foreignRows.incrementAndGet();
                                    }
                                }
                            } catch (Exception e) {
                                failed.incrementAndGet();
                            }
                        };
                        tasks.add(Tenants.callAs(tenant, () -> submit(executor, task)));
                    }
                    for (Future<?> task : tasks) {
                        task.get(2, TimeUnit.MINUTES);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            submitters.shutdownNow();
        }
        return "ran=" + ran + " wrongTenant=" + wrongTenant + " foreignRows=" + foreignRows + " failed=" + failed
                + (wrongOn.isEmpty() ? "" : " wrongOn=" + wrongOn);
    }

    private Future<?> submit(String executor, Runnable task) {
        return switch (executor) {
            case "tiny" -> tiny.submit(task);
            // the tenant bound by Fahren when the task is made, whatever the executor captures
            case "tiny-propagated" -> tiny.submit(Tenants.propagate(task));
            case "mp" -> mp.get().executor().submit(task);
            default -> throw new IllegalArgumentException("unknown executor " + executor);
        };
    }
}
