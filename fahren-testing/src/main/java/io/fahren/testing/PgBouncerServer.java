package io.fahren.testing;

import io.fahren.testing.impl.Ports;
import io.fahren.testing.impl.Trees;
import io.fahren.testing.impl.Unprivileged;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian's {@code pgbouncer} package, or the binary named by
 * {@code FAHREN_TEST_PGBOUNCER}) in front of the test PostgreSQL server, in one pool mode. Every
 * database of the server is reachable through it under its own name. Clients log in with their
 * own PostgreSQL credentials: PgBouncer looks up their SCRAM secret with {@code auth_query} as the
 * server's admin user, and passes SCRAM through to the server, so roles created by a test work at
 * once.
 */
final class PgBouncerServer {

    private static final List<String> CANDIDATES = List.of("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer",
            "/usr/local/bin/pgbouncer", "/usr/local/sbin/pgbouncer");

    private final PgBouncerMode mode;
    private final Path base;
    private final int port;
    private final Process process;

    private PgBouncerServer(PgBouncerMode mode, Path base, int port, Process process) {
        this.mode = mode;
        this.base = base;
        this.port = port;
        this.process = process;
    }

    /**
     * @param upstream the PostgreSQL server to pool
     * @param mode the pool mode
     * @return a running PgBouncer; it stops at JVM exit
     * @throws IllegalStateException when no {@code pgbouncer} binary is installed, or it does not start
     */
    public static PgBouncerServer start(PostgresTestServer upstream, PgBouncerMode mode) {
        String binary = binary();
        try {
            Path base = Files.createTempDirectory("fahren-pgbouncer-");
            int port = Ports.free();
            Path users = base.resolve("userlist.txt");
            Files.writeString(users, quoted(upstream.adminUser()) + " " + quoted(upstream.adminPassword()) + "\n",
                    StandardCharsets.UTF_8);
            Path ini = base.resolve("pgbouncer.ini");
            Files.writeString(ini, String.join("\n",
                    "[databases]",
                    "* = host=" + upstream.host() + " port=" + upstream.port(),
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + port,
                    "unix_socket_dir =",
                    "pool_mode = " + mode.poolMode(),
                    "auth_type = scram-sha-256",
                    "auth_file = " + users,
                    "auth_user = " + upstream.adminUser(),
                    "auth_query = SELECT usename, passwd FROM pg_catalog.pg_shadow WHERE usename = $1",
                    "max_client_conn = 1000",
                    "default_pool_size = 40",
                    "server_reset_query = DISCARD ALL",
                    "ignore_startup_parameters = extra_float_digits,options",
                    "logfile = " + base.resolve("pgbouncer.log"),
                    "pidfile = " + base.resolve("pgbouncer.pid"),
                    ""), StandardCharsets.UTF_8);
            for (Path p : List.of(base, users, ini)) {
                Unprivileged.handOver(p);
            }
            Process process = new ProcessBuilder(Unprivileged.command(List.of(binary, ini.toString())))
                    .redirectErrorStream(true).redirectOutput(base.resolve("stdout.log").toFile()).start();
            PgBouncerServer server = new PgBouncerServer(mode, base, port, process);
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "fahren-pgbouncer-shutdown"));
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PgBouncer (" + binary + ")", e);
        }
    }

    private static String binary() {
        String configured = System.getProperty("FAHREN_TEST_PGBOUNCER", System.getenv("FAHREN_TEST_PGBOUNCER"));
        List<String> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.addAll(CANDIDATES);
        return candidates.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("PgBouncer is not installed, and tests of the PgBouncer "
                        + "topologies need it. Install it (apt-get install pgbouncer; .ci/run does) or point "
                        + "FAHREN_TEST_PGBOUNCER at the binary."));
    }

    private static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PgBouncer exited with " + process.exitValue() + ": " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while PgBouncer started", e);
                }
            }
        }
        destroy();
        throw new IllegalStateException("PgBouncer did not listen on 127.0.0.1:" + port + " within 30 s: " + log());
    }

    private String log() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("stdout.log", "pgbouncer.log")) {
            try {
                out.append('\n').append(Files.readString(base.resolve(name)));
            } catch (IOException e) {
                out.append("\n(no ").append(name).append(')');
            }
        }
        return out.toString();
    }

    private void destroy() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Trees.deleteTree(base);
    }

    /** @return the pool mode */
    public PgBouncerMode mode() {
        return mode;
    }

    /** @return the TCP port it listens on, on 127.0.0.1 */
    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return "PgBouncer (" + mode.poolMode() + " pooling) on 127.0.0.1:" + port;
    }
}
