package io.fahren.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts something on the server (connections, clients) every few milliseconds on a thread of its
 * own, and keeps the peak and how many samples were above a limit.
 */
final class Sampler implements AutoCloseable {

    private static final long PERIOD_MILLIS = 5;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile long peak;
    private volatile long above;
    private volatile long samples;
    private volatile Exception failure;

    /**
     * @param limit the count that must not be exceeded
     * @param count one sample; runs on the sampler's thread only
     */
    Sampler(long limit, Callable<Long> count) {
        thread = new Thread(() -> {
            while (running.get()) {
                try {
                    long n = count.call();
                    peak = Math.max(peak, n);
                    if (n > limit) {
                        above++;
                    }
                    samples++;
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failure = e;
                    return;
                }
            }
        }, "bench-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    long peak() {
        return peak;
    }

    long above() {
        return above;
    }

    long samples() {
        return samples;
    }

    /** Stops sampling; a sample that failed fails here, so a broken count cannot pass as zero. */
    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join();
        if (failure != null) {
            throw new IllegalStateException("sampling failed", failure);
        }
        if (samples == 0) {
            throw new IllegalStateException("no sample was taken");
        }
    }
}
