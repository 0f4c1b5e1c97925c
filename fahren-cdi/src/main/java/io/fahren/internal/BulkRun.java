package io.fahren.internal;

import io.fahren.BulkProgress;
import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.TenantPage;
import io.fahren.TenantQuery;
import io.fahren.spi.TenantRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs one lifecycle operation over every tenant a query selects, a bounded number at a time, on
 * threads of its own that end with the run; one tenant's failure never stops the others.
 */
public final class BulkRun {

    /** The most tenants operated on at once. */
    public static final int MAX_PARALLELISM = 64;

    private BulkRun() {
    }

    /**
     * @param registry where the tenants are listed
     * @param which the tenants, read page by page from the query's cursor on
     * @param parallelism how many at once, 1 to {@value #MAX_PARALLELISM}
     * @param operation what to do to each
     * @param progress told after each tenant, one call at a time
     * @return the outcome
     * @throws IllegalArgumentException when the parallelism is out of range
     */
    public static BulkProgress run(TenantRegistry registry, TenantQuery which, int parallelism,
            Consumer<TenantId> operation, Consumer<BulkProgress> progress) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("The parallelism must be 1 to " + MAX_PARALLELISM + ", not " + parallelism);
        }
        List<TenantId> ids = select(registry, which);
        AtomicInteger succeeded = new AtomicInteger();
        Map<String, String> failures = new LinkedHashMap<>();
        Exclusive report = new Exclusive();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, ids.size())), r -> {
            Thread thread = new Thread(r, "fahren-bulk-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (TenantId id : ids) {
                executor.execute(() -> {
                    String failure = null;
                    try {
                        operation.accept(id);
                    } catch (RuntimeException e) {
                        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                    String failed = failure;
                    report.run(() -> {
                        if (failed == null) {
                            succeeded.incrementAndGet();
                        } else {
                            failures.put(id.value(), failed);
                        }
                        progress.accept(new BulkProgress(ids.size(), succeeded.get(), failures));
                    });
                });
            }
        } finally {
            executor.shutdown();
        }
        try {
            while (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
                // keep waiting: every task ends on its own
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
            throw new FahrenException("Interrupted while operating on " + ids.size() + " tenants; the ones under way "
                    + "were interrupted, the others not started. Run the operation again to finish.", e);
        }
        return report.call(() -> new BulkProgress(ids.size(), succeeded.get(), failures));
    }

    private static List<TenantId> select(TenantRegistry registry, TenantQuery which) {
        List<TenantId> ids = new ArrayList<>();
        TenantQuery page = which;
        while (true) {
            TenantPage found = registry.list(page);
            found.tenants().forEach(t -> ids.add(t.id()));
            if (found.next().isEmpty()) {
                return ids;
            }
            page = which.after(found.next().get());
        }
    }
}
