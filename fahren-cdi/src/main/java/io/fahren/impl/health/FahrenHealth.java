package io.fahren.impl.health;

import io.fahren.impl.config.HealthConfig;
import io.fahren.impl.runtime.FahrenRuntime;
import io.fahren.internal.HealthProbe;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Runs every {@link HealthProbe} of one kind and reports them as one MicroProfile Health response:
 * UP only when every probe is, with each probe's status and data. Probes run at once, each given
 * {@code fahren.health.timeout-seconds}: a server that is down can keep a pool waiting for its
 * whole connection timeout, and the health endpoint must still answer. A probe still waiting from
 * an earlier call is waited for again rather than started twice, so a long outage never piles up
 * threads.
 */
abstract class FahrenHealth {

    private static final AtomicInteger THREADS = new AtomicInteger();

    @Inject
    @Any
    Instance<HealthProbe> probes;

    @Inject
    FahrenRuntime runtime;

    private final ExecutorService checks = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fahren-health-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentMap<String, CompletableFuture<HealthProbe.Result>> running = new ConcurrentHashMap<>();

    HealthCheckResponse report(HealthProbe.Kind kind, String name) {
        HealthConfig config = runtime.config().health();
        Map<String, CompletableFuture<HealthProbe.Result>> started = new TreeMap<>();
        for (HealthProbe probe : probes) {
            if (probe.kind() == kind) {
                started.put(probe.name(), running.compute(probe.name(), (key, earlier) -> earlier != null
                        && !earlier.isDone() ? earlier
                        : CompletableFuture.supplyAsync(() -> probe.check(config.settings()), checks)));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.timeoutSeconds());
        HealthCheckResponseBuilder response = HealthCheckResponse.named(name);
        boolean up = true;
        for (Map.Entry<String, CompletableFuture<HealthProbe.Result>> e : started.entrySet()) {
            HealthProbe.Result result = await(e.getValue(), deadline, config.timeoutSeconds());
            up &= result.up();
            response.withData(e.getKey(), result.up() ? "UP" : "DOWN");
            new TreeMap<>(result.data()).forEach((key, value) -> response.withData(e.getKey() + "." + key,
                    String.valueOf(value)));
        }
        return response.status(up).build();
    }

    private static HealthProbe.Result await(CompletableFuture<HealthProbe.Result> check, long deadline, int seconds) {
        try {
            return check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new HealthProbe.Result(false, Map.of("error", "no answer within " + seconds
                    + " s (fahren.health.timeout-seconds)"));
        } catch (ExecutionException e) {
            return new HealthProbe.Result(false, Map.of("error", String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealthProbe.Result(false, Map.of("error", "interrupted"));
        }
    }

    @PreDestroy
    void stop() {
        checks.shutdownNow();
    }
}
