package io.fahren.testing;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real Redis server for tests: one per JVM, started on first use and stopped at JVM exit.
 * Obtain it with {@link TestServers#redis()}, or per test class through {@link WithRedis}.
 *
 * <p>The embedded server writes an append-only file with {@code appendfsync always} and has an
 * {@code aclfile}, so acknowledged writes and ACL users survive {@link #restart()}.
 *
 * <pre>{@code
 * try (Jedis admin = TestServers.redis().connect(0)) {
 *     admin.info("server");
 * }
 * }</pre>
 */
public interface RedisTestServer {

    /** @return where the server came from */
    ServerSource source();

    /** @return the host name to connect to */
    String host();

    /** @return the TCP port */
    int port();

    /** @return the admin user name, or null (the default) for Redis's {@code default} user */
    default String adminUser() {
        return null;
    }

    /** @return the admin password, or null (the default) when none is needed */
    default String adminPassword() {
        return null;
    }

    /**
     * @param database a logical database index
     * @return a new admin connection to it
     */
    default Jedis connect(int database) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().database(database);
        if (adminUser() != null) {
            config.user(adminUser());
        }
        if (adminPassword() != null) {
            config.password(adminPassword());
        }
        return new Jedis(new HostAndPort(host(), port()), config.build());
    }

    /**
     * Stops the server; commands fail until {@link #start()}.
     *
     * @throws UnsupportedOperationException for an {@link ServerSource#EXTERNAL} server
     */
    void stop();

    /**
     * Starts a stopped server on the same port with the same data.
     *
     * @throws UnsupportedOperationException for an {@link ServerSource#EXTERNAL} server
     */
    void start();

    /**
     * Stops and starts the server, keeping its port and data.
     *
     * @throws UnsupportedOperationException for an {@link ServerSource#EXTERNAL} server
     */
    default void restart() {
        stop();
        start();
    }
}
