package io.fahren.test;

import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import io.fahren.spi.TenantRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A simulated process crash, for tests only: the lifecycle call runs in a child JVM, and that JVM
 * is stopped with {@link Runtime#halt} (no {@code finally} blocks, no shutdown hooks, sockets torn
 * down by the OS) just before its N-th step. The steps are what the wrappers here see: each SQL
 * statement and commit sent through {@link #dataSource}, each secret written or deleted through
 * {@link #secrets} (before and after), and each registry write and lock through {@link #registry}.
 *
 * <p>The parent runs {@link #child} with N = 1, 2, 3 ... until the child completes without
 * reaching step N; so every step of a real {@code createTenant} gets a crash in front of it.
 */
public final class Halt {

    /** The system property holding N; without it the child counts and never halts. */
    public static final String AT = "fahren.test.halt.at";
    /** The exit code of a halted child. */
    public static final int HALTED = 77;
    /** Environment variables that give a child its server and secrets store, kept off the command line. */
    public static final String URL = "FAHREN_CRASH_URL";
    /** @see #URL */
    public static final String USER = "FAHREN_CRASH_USER";
    /** @see #URL */
    public static final String PASSWORD = "FAHREN_CRASH_PASSWORD";
    /** @see #URL */
    public static final String SECRETS = "FAHREN_CRASH_SECRETS";
    /** @see #URL: the per-run suffix of server-wide names */
    public static final String RUN = "FAHREN_CRASH_RUN";

    private static final AtomicInteger STEPS = new AtomicInteger();

    private Halt() {
    }

    /**
     * One step of the child: halts the JVM if it is the N-th.
     *
     * @param what the step, printed by the halted child
     */
    public static void step(String what) {
        int n = STEPS.incrementAndGet();
        Integer at = Integer.getInteger(AT);
        if (at != null && at == n) {
            System.out.println("HALT " + n + ": " + what);
            System.out.flush();
            Runtime.getRuntime().halt(HALTED);
        }
    }

    /** Tells the parent that the child got to the end: call last in the child's {@code main}. */
    public static void completed() {
        System.out.println("COMPLETED after " + STEPS.get() + " steps");
        System.out.flush();
    }

    /**
     * @param real a data source
     * @return it, with a step before every statement execution and commit
     */
    public static DataSource dataSource(DataSource real) {
        return proxy(DataSource.class, real, (method, args) -> {
        });
    }

    private interface Before {
        void call(Method method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T real, Before before) {
        InvocationHandler handler = (p, method, args) -> {
            before.call(method, args);
            Object result;
            try {
                result = method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Connection c && !method.getName().equals("unwrap")) {
                return proxy(Connection.class, c, (m, a) -> {
                    if (m.getName().equals("commit")) {
                        step("COMMIT");
                    }
                });
            }
            if (result instanceof Statement s) {
                String prepared = method.getName().startsWith("prepare") && args != null && args.length > 0
                        ? String.valueOf(args[0]) : null;
                Class<? extends Statement> kind = method.getReturnType().asSubclass(Statement.class);
                return proxyStatement(kind, s, prepared);
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(Halt.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static <S extends Statement> S proxyStatement(Class<S> kind, Statement real, String prepared) {
        return kind.cast(Proxy.newProxyInstance(Halt.class.getClassLoader(), new Class<?>[] {kind}, (p, m, a) -> {
            if (m.getName().startsWith("execute")) {
                step(a != null && a.length > 0 && a[0] instanceof String sql ? sql : prepared);
            }
            try {
                return m.invoke(real, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    /**
     * @param real a secrets backend
     * @return it, with a step before and after every write and delete
     */
    public static SecretsProvider secrets(SecretsProvider real) {
        return new SecretsProvider() {
            @Override
            public Secret read(String path) {
                return real.read(path);
            }

            @Override
            public void write(String path, Secret secret) {
                step("before writing secret " + path);
                real.write(path, secret);
                step("after writing secret " + path);
            }

            @Override
            public void delete(String path) {
                step("before deleting secret " + path);
                real.delete(path);
                step("after deleting secret " + path);
            }
        };
    }

    /**
     * For a registry whose own writes are not seen through {@link #dataSource} (one in Redis).
     *
     * @param real a tenant registry
     * @return it, with a step after taking a lock, before and after every write, and before
     *         releasing a lock
     */
    public static TenantRegistry registry(TenantRegistry real) {
        return new TenantRegistry() {
            @Override
            public Optional<Tenant> find(TenantId tenantId) {
                return real.find(tenantId);
            }

            @Override
            public List<Tenant> list() {
                return real.list();
            }

            @Override
            public Tenant put(TenantId tenantId, TenantState state) {
                step("before recording " + tenantId + " " + state);
                Tenant tenant = real.put(tenantId, state);
                step("after recording " + tenantId + " " + state);
                return tenant;
            }

            @Override
            public void remove(TenantId tenantId) {
                step("before removing " + tenantId + " from the registry");
                real.remove(tenantId);
                step("after removing " + tenantId + " from the registry");
            }

            @Override
            public Lock lock(TenantId tenantId) {
                Lock lock = real.lock(tenantId);
                step("after locking " + tenantId);
                return () -> {
                    step("before unlocking " + tenantId);
                    lock.close();
                };
            }
        };
    }

    /** What a child did: its exit code, its output and how long it ran. */
    public record Outcome(int exitCode, String output, long millis) {

        /** @return whether the child was halted at its step */
        public boolean halted() {
            return exitCode == HALTED;
        }

        /** @return the halted step, as the child printed it */
        public String step() {
            return output.lines().filter(l -> l.startsWith("HALT ")).findFirst().orElse("(none)");
        }

        /** @return whether the child finished without reaching its step */
        public boolean completed() {
            return exitCode == 0 && output.contains("COMPLETED after ");
        }
    }

    /** What the test does after a crash: the next call, on a fresh management, and its checks. */
    @FunctionalInterface
    public interface NextCall {
        /**
         * @param crash how the child ended
         * @param create whether the next call is {@code createTenant} (else {@code deleteTenant})
         * @return what to report for this crash point (orphans found, say)
         * @throws Exception a failed check
         */
        String after(Outcome crash, boolean create) throws Exception;
    }

    /**
     * Halts the child before its step 1, 2, 3 ... until it completes without reaching the step;
     * after each crash, {@code next} makes the next call: {@code createTenant} at odd steps,
     * {@code deleteTenant} at even ones.
     *
     * @param main the child's class
     * @param env the child's environment
     * @param next the next call and its checks
     * @param args the child's arguments
     * @return one line per crash point: the step, the child's run time and what {@code next} reported
     * @throws AssertionError when a child neither halted nor completed
     */
    public static List<String> beforeEveryStep(Class<?> main, Map<String, String> env, NextCall next, String... args)
            throws Exception {
        List<String> report = new ArrayList<>();
        for (int step = 1;; step++) {
            Outcome outcome = child(main, step, env, args);
            if (outcome.completed()) {
                return report;
            }
            if (!outcome.halted()) {
                throw new AssertionError("child at step " + step + " neither halted nor completed: " + outcome.output());
            }
            boolean create = step % 2 == 1;
            String checked = next.after(outcome, create);
            report.add(outcome.step() + " (" + outcome.millis() + " ms); next call "
                    + (create ? "createTenant (then deleteTenant)" : "deleteTenant") + "; " + checked);
        }
    }

    /**
     * Runs {@code main} in a child JVM on this JVM's class path, halting before step {@code at}.
     *
     * @param main the class whose {@code main} to run
     * @param at the step to halt before
     * @param env extra environment (connection details: kept off the command line)
     * @param args the arguments of {@code main}
     * @return its exit code and output
     */
    public static Outcome child(Class<?> main, int at, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-D" + AT + "=" + at);
        Path classPath = Files.createTempFile("fahren-halt-cp", ".txt");
        try {
            // an argument file: the test class path is longer than some systems' command lines
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(classPath, StandardCharsets.UTF_8))) {
                out.println("-cp");
                out.println('"' + System.getProperty("java.class.path").replace("\\", "\\\\") + '"');
            }
            command.add("@" + classPath);
            command.add(main.getName());
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            long start = System.nanoTime();
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("child " + main.getSimpleName() + " did not end");
            }
            return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8),
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            Files.deleteIfExists(classPath);
        }
    }
}
