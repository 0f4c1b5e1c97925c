package io.fahren.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes from several threads while a fault happens (a server restart, say), and records which
 * writes were acknowledged, which failed and how, and how many were acknowledged after the fault.
 * The caller then checks that every acknowledged write survived.
 *
 * <pre>{@code
 * FaultLoad.Result result = FaultLoad.run(4, Duration.ofMillis(500), server::restart, Duration.ofMillis(1500),
 *         JedisException.class, (worker, n, random) -> {
 *             String key = "w" + worker + "-" + n;
 *             client.set(key, "v");              // throws while the server is down
 *             return new FaultLoad.Ack(key, "v");
 *         });
 * }</pre>
 */
public final class FaultLoad {

    /** An acknowledged write: where it went, and what must be found there afterwards. */
    public record Ack(String key, String value) {
    }

    /** One write. */
    @FunctionalInterface
    public interface Write {
        /**
         * @param worker the thread's number
         * @param n the write's number on that thread
         * @param random the thread's own random numbers, seeded by its number
         * @return the acknowledged write
         * @throws Exception when the write failed
         */
        Ack write(int worker, int n, SplittableRandom random) throws Exception;
    }

    /**
     * What happened.
     *
     * @param acknowledged every acknowledged write, key to value
     * @param failures the simple class name of each failed write's exception
     * @param acknowledgedAfterFault writes acknowledged after the fault action returned
     */
    public record Result(Map<String, String> acknowledged, List<String> failures, long acknowledgedAfterFault) {
        /** @return the distinct exception class names of the failed writes */
        public List<String> failureKinds() {
            return failures.stream().distinct().sorted().toList();
        }
    }

    private FaultLoad() {
    }

    /**
     * @param threads writer threads
     * @param before how long they write before the fault
     * @param fault the fault, run on the calling thread (a restart returns when the server is back)
     * @param after how long they go on writing after it
     * @param expected the exception a failed write may throw; any other fails the run
     * @param write one write
     * @return what happened
     * @throws Exception an unexpected write exception, or the fault's
     */
    public static Result run(int threads, Duration before, ThrowingRunnable fault, Duration after,
            Class<? extends Exception> expected, Write write) throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong afterFault = new AtomicLong();
        AtomicBoolean faulted = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int worker = w;
                workers.add(writers.submit(() -> {
                    SplittableRandom random = new SplittableRandom(worker);
                    for (int n = 0; !stop.get(); n++) {
                        Ack ack;
                        try {
                            ack = write.write(worker, n, random);
                        } catch (Exception e) {
                            if (!expected.isInstance(e)) {
                                throw e;
                            }
                            failures.add(e.getClass().getSimpleName());
                            continue;
                        }
                        acknowledged.put(ack.key(), ack.value());
                        if (faulted.get()) {
                            afterFault.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            try {
                Thread.sleep(before.toMillis());
                fault.run();
                faulted.set(true);
                Thread.sleep(after.toMillis());
            } finally {
                stop.set(true);
            }
            for (Future<?> worker : workers) {
                worker.get(2, TimeUnit.MINUTES);
            }
        } finally {
            writers.shutdownNow();
        }
        return new Result(Map.copyOf(acknowledged), List.copyOf(failures), afterFault.get());
    }

    /** A fault action. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        /** @throws Exception whatever the fault throws */
        void run() throws Exception;
    }
}
