package io.fahren.bench;

import static io.fahren.bench.Benchmarks.ROWS;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.postgres.PostgresTenants;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the calling thread itself spends per use, in CPU time: the JDBC driver, the pool and
 * whatever Fahren adds, without the server's share. Throughput ratios on this two-core machine
 * move by a few percent from run to run, since the server runs on the same cores; the client's own
 * CPU time per use shows Fahren's overhead on a sticky checkout directly. One thread, in
 * alternating rounds; the fastest round of each (the kernel's share of the socket calls, the same
 * for both, is what varies between rounds). User time alone would leave the kernel out, but the
 * JVM reads it in scheduler ticks, too coarse for a few microseconds.
 */
final class ClientCpuRows {

    private static final int WARM_UP = 20_000;
    private static final int PER_ROUND = 20_000;
    private static final int ROUNDS = 9;

    private final Benchmarks report;

    ClientCpuRows(Benchmarks report) {
        this.report = report;
    }

    /**
     * @param strategy the row's name
     * @param tenants the tenants side, tenant {@code prefix + 7} used alone
     * @param prefix the prefix of the benchmark's tenant ids
     * @param bound a plain pool whose connections are bound to that tenant once (no Fahren)
     */
    void sticky(String strategy, PostgresTenants tenants, String prefix, HikariDataSource bound) throws Exception {
        Operation fahren = i -> tenants.callWithConnection(prefix + 7, c -> PostgresBench.select(c, 7 * 1000L + i % ROWS));
        Operation plain = i -> {
            try (var c = bound.getConnection()) {
                PostgresBench.select(c, 7 * 1000L + i % ROWS);
            }
        };
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        run(fahren, WARM_UP, threads);
        run(plain, WARM_UP, threads);
        double[] withFahren = new double[ROUNDS];
        double[] without = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            withFahren[r] = run(fahren, PER_ROUND, threads);
            without[r] = run(plain, PER_ROUND, threads);
        }
        double f = Arrays.stream(withFahren).min().orElseThrow();
        double p = Arrays.stream(without).min().orElseThrow();
        report.line(String.format(Locale.ROOT, "| %s point select, one tenant (sticky): the client thread's CPU per use, "
                + "fastest of %d rounds | %.2f µs | %.2f µs (the same select, connections bound once, no Fahren) | %.3f | "
                + "Fahren's own cost: %.2f µs per use |", strategy, ROUNDS, f, p, p / f, f - p));
    }

    /** @return the calling thread's CPU time per use, in microseconds */
    private static double run(Operation operation, int uses, ThreadMXBean threads) throws Exception {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < uses; i++) {
            operation.run(i);
        }
        return (threads.getCurrentThreadCpuTime() - start) / 1e3 / uses;
    }

    @FunctionalInterface
    private interface Operation {
        void run(int i) throws Exception;
    }
}
