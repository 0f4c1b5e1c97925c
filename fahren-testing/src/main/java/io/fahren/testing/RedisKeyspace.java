package io.fahren.testing;

import redis.clients.jedis.Jedis;

/**
 * A logical Redis database given to one test class and flushed before it, so classes never see
 * each other's keys. Inject it into a test method, constructor or {@code @BeforeAll} method of a
 * class annotated {@link WithRedis}. ACL users are server-wide: tests that create them must
 * delete them.
 *
 * <pre>{@code
 * @WithRedis
 * class CounterTest {
 *     @Test
 *     void counts(RedisKeyspace redis) {
 *         try (Jedis jedis = redis.connect()) { jedis.incr("visits"); }
 *     }
 * }
 * }</pre>
 *
 * @param server the server
 * @param database the logical database index (1 to 15)
 */
public record RedisKeyspace(RedisTestServer server, int database) {

    /** @return a new admin connection, with this database selected */
    public Jedis connect() {
        return server.connect(database);
    }

    /** @return {@code redis://host:port/database}, without credentials */
    public String uri() {
        return "redis://" + server.host() + ":" + server.port() + "/" + database;
    }
}
