package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * 8 threads, 2,000 transactions each, each as a random tenant: every transaction must see exactly
 * what its tenant owns. Shared by the strategies' leak tests.
 */
final class PooledLeakRun {

    static final int THREADS = 8;
    static final int TRANSACTIONS = 2_000;

    /** What one transaction sees of the data, as owner names. */
    @FunctionalInterface
    interface Observation {
        List<String> owners(PostgresTenants tenants, String tenant);
    }

    private PooledLeakRun() {
    }

    /**
     * @param label for the printed result
     * @param tenants the tenants side, typically with a pool of one connection
     * @param ids the tenants to pick from
     * @param rowsEach how many rows each tenant owns
     * @param observation what a transaction sees
     */
    static void run(String label, PostgresTenants tenants, List<String> ids, int rowsEach, Observation observation)
            throws Exception {
        AtomicLong violations = new AtomicLong();
        AtomicLong checked = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier start = new CyclicBarrier(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < THREADS; w++) {
                workers.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    for (int i = 0; i < TRANSACTIONS; i++) {
                        String tenant = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                        List<String> owners = observation.owners(tenants, tenant);
                        checked.incrementAndGet();
                        if (owners.size() != rowsEach || !owners.stream().allMatch(tenant::equals)) {
                            violations.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("%s leak test: %d transactions checked, %d violations%n", label, checked.get(), violations.get());
        assertThat(checked.get()).isEqualTo((long) THREADS * TRANSACTIONS);
        assertThat(violations.get()).isZero();
    }
}
