package io.fahren.testing;

import io.fahren.testing.impl.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Servers started by Testcontainers when a Docker engine answers. Host ports are fixed at start,
 * so {@code stop()}/{@code start()} keep the address tests already hold.
 *
 * <p>This class is only loaded after {@link #dockerAnswers()} returned true, so Testcontainers
 * stays an optional dependency.
 */
final class ContainerServers {

    private static final String POSTGRES_IMAGE = "postgres:17-alpine";
    private static final String REDIS_IMAGE = "redis:6.2-alpine";

    private ContainerServers() {
    }

    /**
     * @return whether Testcontainers is on the class path and a Docker engine is reachable
     */
    public static boolean dockerAnswers() {
        if ("false".equalsIgnoreCase(System.getenv("FAHREN_TEST_TESTCONTAINERS"))) {
            return false;
        }
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false; // skip Testcontainers' slower discovery when no engine can be there
        }
        try {
            Class.forName("org.testcontainers.DockerClientFactory");
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** @return a started PostgreSQL 17 container */
    public static PostgresTestServer postgres() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        int port = Ports.free();
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(POSTGRES_IMAGE)
                .withUsername("postgres")
                .withPassword(password)
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        container.setPortBindings(List.of(port + ":5432"));
        container.start();
        return new Postgres(container, port, password);
    }

    /** @return a started Redis 6.2 container with an append-only file and an ACL file */
    public static RedisTestServer redis() {
        int port = Ports.free();
        GenericContainer<?> container = new GenericContainer<>(REDIS_IMAGE)
                .withExposedPorts(6379)
                .withCommand("sh", "-c", "touch /data/users.acl && exec redis-server --appendonly yes "
                        + "--appendfsync always --aclfile /data/users.acl");
        container.setPortBindings(List.of(port + ":6379"));
        container.start();
        return new Redis(container, port);
    }

    private static void stopContainer(GenericContainer<?> container) {
        DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
    }

    /** Starts a stopped container again (same id, same fixed host port) and waits until it answers. */
    private static void startContainer(GenericContainer<?> container, String what, BooleanSupplier ready) {
        DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!ready.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + " did not come back within 60 s after a restart");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private record Postgres(PostgreSQLContainer<?> container, int port, String adminPassword)
            implements PostgresTestServer {
        @Override
        public ServerSource source() {
            return ServerSource.TESTCONTAINERS;
        }

        @Override
        public String host() {
            return container.getHost();
        }

        @Override
        public String adminUser() {
            return "postgres";
        }

        @Override
        public void stop() {
            stopContainer(container);
        }

        @Override
        public void start() {
            startContainer(container, "PostgreSQL container", () -> {
                try (var c = connect("postgres")) {
                    return c.isValid(2);
                } catch (Exception e) {
                    return false;
                }
            });
        }

        @Override
        public String toString() {
            return "PostgreSQL container " + POSTGRES_IMAGE + " on port " + port;
        }
    }

    private record Redis(GenericContainer<?> container, int port) implements RedisTestServer {
        @Override
        public ServerSource source() {
            return ServerSource.TESTCONTAINERS;
        }

        @Override
        public String host() {
            return container.getHost();
        }

        @Override
        public void stop() {
            stopContainer(container);
        }

        @Override
        public void start() {
            startContainer(container, "Redis container", () -> {
                try (var jedis = connect(0)) {
                    return "PONG".equals(jedis.ping());
                } catch (RuntimeException e) {
                    return false;
                }
            });
        }

        @Override
        public String toString() {
            return "Redis container " + REDIS_IMAGE + " on port " + port;
        }
    }
}
