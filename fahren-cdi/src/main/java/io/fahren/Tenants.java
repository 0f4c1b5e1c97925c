package io.fahren;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The current tenant of this thread.
 *
 * <p>The tenant is set for the span of {@link #runAs(String, Runnable)} or
 * {@link #callAs(String, Callable)}. Calls nest, and the previous tenant (or none) always comes
 * back when the body ends, also when it throws. When no tenant was set before, the thread-local
 * value is <em>removed</em>, so a pooled thread never carries a tenant into its next task.
 *
 * <p>Code that needs a tenant calls {@link #require()}, which fails fast with
 * {@link NoTenantException}. There is no fallback to a default tenant or to all tenants.
 *
 * <p>{@code runAs} only validates the id; it does not consult the tenant registry. Entry points
 * that take ids from outside, such as {@link RunAsTenant}, also check that the tenant is ACTIVE.
 *
 * <pre>{@code
 * Tenants.runAs("acme", () -> {
 *     TenantId id = Tenants.require();          // acme
 *     Tenants.runAs("globex", () -> ...);       // globex inside, acme again afterwards
 * });
 * int total = Tenants.callAs("acme", () -> orders.count());
 * }</pre>
 *
 * <p><b>Other threads.</b> The tenant is a property of the thread. Managed executors, Jakarta
 * Concurrency {@code @Asynchronous} methods and MicroProfile {@code ManagedExecutor}s carry it to
 * their tasks through Fahren's thread context providers (context type {@value #THREAD_CONTEXT_TYPE}).
 * For any other executor, wrap the task with {@link #propagate(Runnable)}: it runs as the tenant
 * that was current when it was wrapped, or with no tenant when none was.
 */
public final class Tenants {

    /**
     * Each thread's slot: an {@code Object[]} holding the current tenant or null, and the number of
     * open {@link Scope}s as an {@code Integer} (null for none). The
     * slot stays on the thread, so entering and leaving a tenant is a read and a write of the
     * array, with no {@code ThreadLocal} entry created and removed each time. It is a JDK type
     * holding null when no tenant is current, so a container thread that outlives the
     * application keeps no reference to the application's classes.
     */
    private static final ThreadLocal<Object[]> CURRENT = ThreadLocal.withInitial(() -> new Object[2]);

    /**
     * The name of the tenant's thread context in Jakarta Concurrency ({@code ContextServiceDefinition})
     * and MicroProfile Context Propagation ({@code ManagedExecutor.Builder.propagated}). Both
     * propagate it by default, as one of the "remaining" context types.
     */
    public static final String THREAD_CONTEXT_TYPE = "Tenant";

    private Tenants() {
    }

    /**
     * @return the current tenant of this thread, or empty when there is none
     */
    public static Optional<TenantId> current() {
        return Optional.ofNullable((TenantId) CURRENT.get()[0]);
    }

    /**
     * @return the current tenant of this thread
     * @throws NoTenantException when no tenant is set
     */
    public static TenantId require() {
        TenantId current = (TenantId) CURRENT.get()[0];
        if (current == null) {
            throw new NoTenantException("No current tenant on thread '" + Thread.currentThread().getName()
                    + "'. Run the code with Tenants.runAs(id, ...), annotate the method with @RunAsTenant, "
                    + "or let the HTTP tenant filter set it for the request.");
        }
        return current;
    }

    /**
     * Runs {@code body} as tenant {@code tenantId}, then restores the previous tenant.
     *
     * @param tenantId the raw tenant id, validated with {@link TenantId#of(String)}
     * @param body the code to run
     * @throws InvalidTenantIdException when the id is not valid; the body does not run
     */
    public static void runAs(String tenantId, Runnable body) {
        runAs(TenantId.of(tenantId), body);
    }

    /**
     * Runs {@code body} as tenant {@code tenantId}, then restores the previous tenant.
     *
     * @param tenantId the tenant
     * @param body the code to run
     */
    public static void runAs(TenantId tenantId, Runnable body) {
        Objects.requireNonNull(body, "body");
        Object[] slot = CURRENT.get();
        TenantId previous = enter(slot, tenantId);
        try {
            body.run();
        } finally {
            exit(slot, previous);
        }
    }

    /**
     * Calls {@code body} as tenant {@code tenantId}, then restores the previous tenant.
     *
     * @param tenantId the raw tenant id, validated with {@link TenantId#of(String)}
     * @param body the code to call
     * @param <T> the result type
     * @return what {@code body} returned
     * @throws Exception whatever {@code body} throws
     */
    public static <T> T callAs(String tenantId, Callable<T> body) throws Exception {
        return callAs(TenantId.of(tenantId), body);
    }

    /**
     * Calls {@code body} as tenant {@code tenantId}, then restores the previous tenant.
     *
     * @param tenantId the tenant
     * @param body the code to call
     * @param <T> the result type
     * @return what {@code body} returned
     * @throws Exception whatever {@code body} throws
     */
    public static <T> T callAs(TenantId tenantId, Callable<T> body) throws Exception {
        Objects.requireNonNull(body, "body");
        Object[] slot = CURRENT.get();
        TenantId previous = enter(slot, tenantId);
        try {
            return body.call();
        } finally {
            exit(slot, previous);
        }
    }

    /**
     * Makes {@code tenantId} current until the returned scope is closed, for integrations whose
     * span crosses two callbacks (a request filter and a response filter). Prefer
     * {@link #runAs(TenantId, Runnable)}. Close the scope on the same thread, exactly once; closing
     * restores the previous tenant, or removes the tenant when there was none.
     *
     * <pre>{@code
     * try (Tenants.Scope scope = Tenants.open(TenantId.of("acme"))) {
     *     ...
     * }
     * }</pre>
     *
     * @param tenantId the tenant
     * @return the scope to close
     */
    public static Scope open(TenantId tenantId) {
        Object[] slot = CURRENT.get();
        return new Scope(enter(slot, tenantId), slot);
    }

    /**
     * Makes no tenant current until the returned scope is closed, for integrations that carry a
     * task's context to another thread: a task captured with no tenant must run with none, even on
     * a thread that has one. Closing the scope brings the thread's tenant back.
     *
     * <pre>{@code
     * try (Tenants.Scope none = Tenants.openNone()) {
     *     Tenants.current();                        // empty
     * }
     * }</pre>
     *
     * @return the scope to close, on the same thread, exactly once
     */
    public static Scope openNone() {
        Object[] slot = CURRENT.get();
        TenantId previous = (TenantId) slot[0];
        if (previous != null) {
            slot[0] = null;
            TenantChangeListener.changed(null);
        }
        return new Scope(previous, slot);
    }

    /**
     * Makes {@code tenantId} current, or no tenant when it is {@code null}, until the returned
     * scope is closed: {@link #open(TenantId)} or {@link #openNone()}.
     *
     * @param tenantId the tenant to restore, or null for none
     * @return the scope to close, on the same thread, exactly once
     */
    public static Scope restore(TenantId tenantId) {
        return tenantId == null ? openNone() : open(tenantId);
    }

    /**
     * Wraps a task so that it runs as the tenant current now, or with no tenant when none is, on
     * whatever thread runs it; the running thread's own tenant comes back afterwards. For
     * executors that no context propagation reaches: plain {@code ExecutorService}s, virtual
     * threads in Java SE, timers.
     *
     * <pre>{@code
     * Tenants.runAs("acme", () -> executor.submit(Tenants.propagate(() -> orders.list())));
     * }</pre>
     *
     * @param task the task
     * @return the task bound to the current tenant (or to none)
     */
    public static Runnable propagate(Runnable task) {
        Objects.requireNonNull(task, "task");
        TenantId captured = (TenantId) CURRENT.get()[0];
        return () -> {
            try (Scope scope = restore(captured)) {
                task.run();
            }
        };
    }

    /**
     * Wraps a task so that it is called as the tenant current now, or with no tenant when none is;
     * see {@link #propagate(Runnable)}.
     *
     * @param task the task
     * @param <T> its result type
     * @return the task bound to the current tenant (or to none)
     */
    public static <T> Callable<T> propagate(Callable<T> task) {
        Objects.requireNonNull(task, "task");
        TenantId captured = (TenantId) CURRENT.get()[0];
        return () -> {
            try (Scope scope = restore(captured)) {
                return task.call();
            }
        };
    }

    /**
     * A span in which a tenant (or none) is current; see {@link #open(TenantId)}. Scopes close in
     * the reverse order of opening. When an outer scope is closed first (two context providers
     * that a container ends in the order it began them), closing it also ends every scope opened
     * inside it, and closing those later does nothing: the thread is always left with the tenant
     * it had before the outermost open scope.
     */
    public static final class Scope implements AutoCloseable {

        private final TenantId previous;
        private final Object[] slot;
        private final Thread thread;
        private final int level;
        private boolean closed;

        private Scope(TenantId previous, Object[] slot) {
            this.previous = previous;
            this.slot = slot;
            this.thread = Thread.currentThread();
            this.level = openScopes(slot);
            slot[1] = level + 1;
        }

        /**
         * Restores the tenant current before this scope opened. Closing twice does nothing.
         *
         * @throws IllegalStateException when called on another thread than the one that opened it
         */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("A tenant scope must be closed on the thread that opened it ('"
                        + thread.getName() + "'), not on '" + Thread.currentThread().getName() + "'");
            }
            closed = true;
            if (openScopes(slot) <= level) {
                return; // an enclosing scope was closed first and restored the tenant already
            }
            slot[1] = level == 0 ? null : level;
            exit(slot, previous);
        }

        private static int openScopes(Object[] slot) {
            Object open = slot[1];
            return open == null ? 0 : (Integer) open;
        }
    }

    private static TenantId enter(Object[] slot, TenantId tenantId) {
        if (tenantId == null) {
            throw new NoTenantException("Tenants.runAs/callAs was given a null tenant. "
                    + "Pass a TenantId or a valid tenant id string.");
        }
        TenantId previous = (TenantId) slot[0];
        slot[0] = tenantId;
        if (previous != tenantId) {
            TenantChangeListener.changed(tenantId);
        }
        return previous;
    }

    private static void exit(Object[] slot, TenantId previous) {
        Object leaving = slot[0];
        slot[0] = previous;
        if (leaving != previous) {
            TenantChangeListener.changed(previous);
        }
    }
}
