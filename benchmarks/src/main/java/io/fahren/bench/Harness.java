package io.fahren.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small throughput harness. The tenant-aware operation and its baseline run in alternating
 * rounds on the same server and pool size, so drift on a noisy machine hits both alike; the
 * figure of each is the median of its rounds.
 */
final class Harness {

    /** One operation; {@code random} is the calling thread's own. */
    @FunctionalInterface
    interface Op {
        void run(SplittableRandom random) throws Exception;
    }

    /** A measured pair. */
    record Pair(double tenantOps, double baselineOps, long tenantP99Micros, long baselineP99Micros) {
        double ratio() {
            return tenantOps / baselineOps;
        }
    }

    private Harness() {
    }

    static Pair compare(int threads, int rounds, long roundMillis, Op tenant, Op baseline) throws Exception {
        measure(threads, roundMillis, baseline); // warm-up
        measure(threads, roundMillis, tenant);
        double[] t = new double[rounds];
        double[] b = new double[rounds];
        long[] tp = new long[rounds];
        long[] bp = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long[] result = measure(threads, roundMillis, baseline);
            b[r] = result[0] * 1000.0 / roundMillis;
            bp[r] = result[1];
            result = measure(threads, roundMillis, tenant);
            t[r] = result[0] * 1000.0 / roundMillis;
            tp[r] = result[1];
        }
        return new Pair(median(t), median(b), median(tp), median(bp));
    }

    /** @return {operations, p99 latency in microseconds} */
    static long[] measure(int threads, long millis, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean stop = new AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        try {
            List<Future<long[]>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                long seed = 17L * (w + 1);
                workers.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    long[] latencies = new long[1 << 20];
                    int n = 0;
                    start.await();
                    while (!stop.get()) {
                        long begin = System.nanoTime();
                        op.run(random);
                        if (n < latencies.length) {
                            latencies[n] = System.nanoTime() - begin;
                        }
                        n++;
                    }
                    long[] counted = Arrays.copyOf(latencies, Math.min(n, latencies.length));
                    Arrays.sort(counted);
                    long p99 = counted.length == 0 ? 0 : counted[(int) (counted.length * 0.99)] / 1000;
                    return new long[] {n, p99};
                }));
            }
            start.await();
            Thread.sleep(millis);
            stop.set(true);
            long ops = 0;
            long p99 = 0;
            for (Future<long[]> worker : workers) {
                long[] r = worker.get(1, TimeUnit.MINUTES);
                ops += r[0];
                p99 = Math.max(p99, r[1]);
            }
            return new long[] {ops, p99};
        } finally {
            pool.shutdownNow();
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static long percentile(List<Long> nanos, double p) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p)));
    }
}
