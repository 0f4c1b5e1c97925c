package io.fahren.redis.impl.client;

import io.fahren.redis.impl.rules.AclRules;
import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisEngine;
import io.fahren.redis.RedisOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The management login: a small pool, and the administrative commands Fahren runs with it. */
public final class RedisAdmin implements RedisEngine.Admin {

    private final RedisConnection connection;
    private final ConnectionPool pool;
    private volatile AclRules.ServerFacts facts;

    /**
     * @param connection the management login (needs ACL, CONFIG GET, SCAN and UNLINK)
     */
    public RedisAdmin(RedisConnection connection) {
        this.connection = connection;
        this.pool = pool(connection, 4, true);
    }

    /**
     * @param connection a login
     * @param size most connections
     * @return a pool that opens connections lazily and, like {@code JedisPooled}, checks idle ones in
     *         the background rather than with a PING on every borrow (which doubled the round trips)
     */
    public static ConnectionPool pool(RedisConnection connection, int size) {
        return pool(connection, size, false);
    }

    /**
     * @param testOnBorrow whether a borrowed connection is checked with a PING first: for the
     *        management pool, whose calls are rare and must not fail on a connection the server
     *        dropped (a restart, {@code ACL LOAD}) while it sat idle
     */
    private static ConnectionPool pool(RedisConnection connection, int size, boolean testOnBorrow) {
        return new ConnectionPool(connection.hostAndPort(), connection.clientConfig(), poolConfig(size, testOnBorrow));
    }

    /**
     * @param size most connections, all of which may stay idle; none are opened ahead
     * @param testOnBorrow whether a borrowed connection is checked with a PING first
     * @return the configuration of every pool Fahren opens
     */
    public static GenericObjectPoolConfig<Connection> poolConfig(int size, boolean testOnBorrow) {
        GenericObjectPoolConfig<Connection> config = new ConnectionPoolConfig();
        config.setTestOnBorrow(testOnBorrow);
        config.setMaxTotal(size);
        config.setMaxIdle(size);
        config.setMinIdle(0);
        config.setJmxEnabled(false);
        return config;
    }

    /**
     * @return the logical database and major version of the server, read once; they shape the
     *         ACL rules (Redis 7 has server-wide functions to deny)
     */
    public AclRules.ServerFacts serverFacts() {
        AclRules.ServerFacts known = facts;
        if (known == null) {
            String info = call("INFO server", jedis -> jedis.info("server"));
            Matcher version = Pattern.compile("redis_version:(\\d+)\\.").matcher(info);
            if (!version.find()) {
                throw new FahrenException("Redis at " + connection.url() + " did not report its version in INFO server");
            }
            known = new AclRules.ServerFacts(connection.database(), Integer.parseInt(version.group(1)));
            facts = known;
        }
        return known;
    }

    /** @return the management login */
    @Override
    public RedisConnection connection() {
        return connection;
    }

    /**
     * Runs admin work on a pooled connection.
     *
     * @param what the work, for the error message
     * @param work the work
     * @param <T> the result type
     * @return the work's result
     * @throws FahrenException naming the work and the server when Redis fails
     */
    @Override
    public <T> T call(String what, Function<Jedis, T> work) {
        try (Jedis jedis = new Jedis(pool.getResource())) {
            return work.apply(jedis);
        } catch (JedisException e) {
            throw new FahrenException("Redis " + what + " failed on " + connection + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses to change ACL users that a restart would lose.
     *
     * @param requirePersistence whether to refuse when there is no aclfile
     * @return whether the server has an aclfile (so {@code ACL SAVE} works)
     * @throws FahrenConfigurationException when it has none and persistence is required
     */
    @Override
    public boolean checkAclPersistence(boolean requirePersistence) {
        Map<String, String> config = call("CONFIG GET aclfile", jedis -> jedis.configGet("aclfile"));
        String file = config.getOrDefault("aclfile", "");
        boolean persistent = !file.isBlank();
        if (!persistent && requirePersistence) {
            throw new FahrenConfigurationException("Redis at " + connection.url() + " has no aclfile, so the ACL users "
                    + "Fahren creates would be lost on restart. Start Redis with --aclfile <path>, or set "
                    + "fahren.redis.acl.require-persistence=false (RedisOptions.requirePersistence(false)) to accept that.");
        }
        return persistent;
    }

    /**
     * Deletes every key matching the pattern with {@code SCAN MATCH} and {@code UNLINK} in batches;
     * never {@code KEYS}.
     *
     * @param match a glob of the tenant's key space, such as {@code tenant:acme:*}
     * @param batch keys per {@code UNLINK}
     * @return how many keys were removed
     */
    public long unlinkAll(String match, int batch) {
        return call("deleting " + match, jedis -> {
            long removed = 0;
            ScanParams params = new ScanParams().match(match).count(batch);
            String cursor = ScanParams.SCAN_POINTER_START;
            List<String> pending = new ArrayList<>();
            do {
                ScanResult<String> page = jedis.scan(cursor, params);
                pending.addAll(page.getResult());
                if (pending.size() >= batch) {
                    removed += jedis.unlink(pending.toArray(String[]::new));
                    pending.clear();
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
            if (!pending.isEmpty()) {
                removed += jedis.unlink(pending.toArray(String[]::new));
            }
            return removed;
        });
    }

    @Override
    public void grantRegistryReader(RedisOptions options) {
        boolean persistent = checkAclPersistence(options.requirePersistence());
        String[] rules = AclRules.registryReader(options.registryReaderPassword(), options.registryKey(),
                connection.database());
        call("ACL SETUSER " + options.registryReader(), jedis -> {
            jedis.aclSetUser(options.registryReader(), rules);
            return persistent ? jedis.aclSave() : null;
        });
    }

    @Override
    public void close() {
        pool.close();
    }
}
