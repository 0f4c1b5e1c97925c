package io.fahren.internal;

import io.fahren.Tenants;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where Fahren's periodic work runs: the pool caches' eviction and the Redis registry's lock
 * renewal. In a container with Jakarta Concurrency, the extension hands it the container's
 * {@code ManagedScheduledExecutorService}, so the work runs on the container's threads and stops
 * with the application. Elsewhere (Java SE) it runs on one shared daemon thread,
 * {@code fahren-scheduler}, which ends by itself a few seconds after the last task is cancelled:
 * closing what scheduled the work (a pool cache, a registry) leaves no Fahren thread behind.
 *
 * <p>Tasks run with no current tenant, whatever thread scheduled them, and a task that throws is
 * logged and runs again at its next period.
 */
public final class FahrenScheduler {

    private static final Logger LOG = Logger.getLogger(FahrenScheduler.class.getName());
    private static final long IDLE_SECONDS = 5;
    private static final Exclusive LOCK = new Exclusive();

    private static volatile ScheduledExecutorService managed;
    private static ScheduledThreadPoolExecutor fallback;

    private FahrenScheduler() {
    }

    /**
     * Runs {@code task} every {@code period} until the returned future is cancelled.
     *
     * @param what names the task in the log when it fails
     * @param period the delay between the end of one run and the start of the next
     * @param task the work
     * @return cancel it to stop the task
     */
    public static ScheduledFuture<?> every(String what, Duration period, Runnable task) {
        long millis = Math.max(1, period.toMillis());
        return executor().scheduleWithFixedDelay(guarded(what, task, "it runs again in " + millis + " ms"), millis,
                millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task} once, after {@code delay}. Unlike {@code CompletableFuture.delayedExecutor},
     * whose JDK-wide thread keeps the class loader of whichever application used it first for the
     * life of the JVM, this leaves nothing behind once the application stops.
     *
     * @param what names the task in the log when it fails
     * @param delay how long to wait
     * @param task the work
     * @return cancel it to skip the task
     */
    public static ScheduledFuture<?> after(String what, Duration delay, Runnable task) {
        return executor().schedule(guarded(what, task, "it does not run again"), Math.max(1, delay.toMillis()),
                TimeUnit.MILLISECONDS);
    }

    private static Runnable guarded(String what, Runnable task, String afterFailure) {
        return () -> {
            try (Tenants.Scope none = Tenants.openNone()) {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, what + " failed; " + afterFailure, e);
            }
        };
    }

    /** @return whether the container's managed executor runs the work */
    public static boolean usesManagedExecutor() {
        return managed != null;
    }

    /**
     * @param executor the container's {@code ManagedScheduledExecutorService}, for this deployment
     */
    public static void useManaged(ScheduledExecutorService executor) {
        managed = executor;
    }

    /** Forgets the container's executor, at shutdown; work scheduled afterwards runs on the daemon thread. */
    public static void reset() {
        managed = null;
    }

    private static ScheduledExecutorService executor() {
        ScheduledExecutorService container = managed;
        if (container != null) {
            return container;
        }
        return LOCK.call(() -> {
            if (fallback == null) {
                ScheduledThreadPoolExecutor created = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread thread = new Thread(r, "fahren-scheduler");
                    thread.setDaemon(true);
                    return thread;
                });
                created.setRemoveOnCancelPolicy(true);
                created.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
                created.allowCoreThreadTimeOut(true);
                fallback = created;
            }
            return fallback;
        });
    }
}
