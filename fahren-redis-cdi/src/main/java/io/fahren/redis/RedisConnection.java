package io.fahren.redis;

import io.fahren.FahrenConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Where a Redis server is and who logs in. {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * RedisConnection admin = RedisConnection.of("redis://localhost:6379/0");              // the default user
 * RedisConnection admin = RedisConnection.of("redis://localhost:6379/0", "admin", pw);  // an ACL user
 * }</pre>
 */
public final class RedisConnection {

    /** The protocol every Fahren connection speaks. */
    public static final RedisProtocol PROTOCOL = RedisProtocol.RESP2;

    private final HostAndPort hostAndPort;
    private final int database;
    private final boolean ssl;
    private final String username;
    private final String password;
    private final boolean cluster;

    private RedisConnection(HostAndPort hostAndPort, int database, boolean ssl, String username, String password,
            boolean cluster) {
        this.hostAndPort = hostAndPort;
        this.database = database;
        this.ssl = ssl;
        this.username = username;
        this.password = password;
        this.cluster = cluster;
    }

    /**
     * @param url {@code redis://[user:password@]host:port[/database]}, or {@code rediss://} for TLS
     * @return the connection
     * @throws FahrenConfigurationException when the URL is not a Redis URL
     */
    public static RedisConnection of(String url) {
        URI uri = parse(url);
        return new RedisConnection(JedisURIHelper.getHostAndPort(uri), JedisURIHelper.getDBIndex(uri),
                JedisURIHelper.isRedisSSLScheme(uri), JedisURIHelper.getUser(uri), JedisURIHelper.getPassword(uri), false);
    }

    /**
     * @param url {@code redis://host:port[/database]}
     * @param username the ACL user, or null for {@code default}
     * @param password its password, or null when none is needed
     * @return the connection
     */
    public static RedisConnection of(String url, String username, String password) {
        RedisConnection base = of(url);
        return new RedisConnection(base.hostAndPort, base.database, base.ssl, username, password, false);
    }

    /**
     * The same login, as the seed of a Redis Cluster: Fahren discovers the other nodes from it,
     * places each tenant's keys in one hash slot ({@code tenant:{acme}:}) and creates ACL users on
     * every node. See {@code docs/scale-out.md}.
     *
     * <pre>{@code
     * RedisConnection admin = RedisConnection.of("redis://node-1:7000/0", "admin", pw).inCluster();
     * }</pre>
     *
     * @return the same login, marked as a cluster node
     * @throws FahrenConfigurationException when the URL names a database other than 0 (a cluster has only database 0)
     */
    public RedisConnection inCluster() {
        if (database != 0) {
            throw new FahrenConfigurationException("A Redis Cluster has only database 0, but " + url() + " names database "
                    + database + ": use redis://host:port/0 with fahren.redis.cluster=true.");
        }
        return new RedisConnection(hostAndPort, database, ssl, username, password, true);
    }

    /** @return whether this is a node of a Redis Cluster, whose other nodes Fahren discovers */
    public boolean cluster() {
        return cluster;
    }

    /**
     * @param node another node of the same cluster
     * @return the same login and options at that node
     */
    public RedisConnection at(HostAndPort node) {
        return new RedisConnection(Objects.requireNonNull(node, "node"), database, ssl, username, password, cluster);
    }

    private static URI parse(String url) {
        Objects.requireNonNull(url, "url");
        try {
            URI uri = new URI(url);
            if (!JedisURIHelper.isValid(uri) || (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()))) {
                throw new FahrenConfigurationException("Not a Redis URL: use redis://host:port/database");
            }
            return uri;
        } catch (URISyntaxException e) {
            // the message of URISyntaxException quotes the input, which may hold a password
            throw new FahrenConfigurationException("Not a Redis URL: use redis://host:port/database");
        }
    }

    /**
     * @param user another user on the same server
     * @param secret its password
     * @return the same server and database, as that user
     */
    public RedisConnection as(String user, String secret) {
        return new RedisConnection(hostAndPort, database, ssl, Objects.requireNonNull(user, "user"),
                Objects.requireNonNull(secret, "secret"), cluster);
    }

    /** @return the same server and database, logged in as no one (Redis's {@code default} user) */
    public RedisConnection anonymous() {
        return new RedisConnection(hostAndPort, database, ssl, null, null, cluster);
    }

    /** @return host and port */
    public HostAndPort hostAndPort() {
        return hostAndPort;
    }

    /** @return the logical database */
    public int database() {
        return database;
    }

    /** @return the user name, or null for {@code default} */
    public String username() {
        return username;
    }

    /** @return the URL without credentials */
    public String url() {
        return (ssl ? "rediss://" : "redis://") + hostAndPort + "/" + database;
    }

    /** @return the Jedis client configuration: database, credentials, TLS */
    public JedisClientConfig clientConfig() {
        return DefaultJedisClientConfig.builder().database(database).ssl(ssl).user(username).password(password)
                .protocol(PROTOCOL).clientName("fahren").build();
    }

    /**
     * @return a client configuration for the same server with no credentials, database 0 and no
     *         handshake at all (no {@code HELLO}, {@code CLIENT SETNAME} or {@code CLIENT SETINFO}),
     *         for connections that log in per command
     */
    public JedisClientConfig anonymousClientConfig() {
        return DefaultJedisClientConfig.builder().ssl(ssl).clientSetInfoConfig(ClientSetInfoConfig.DISABLED).build();
    }

    @Override
    public String toString() {
        return url() + (cluster ? " (cluster)" : "") + " as " + (username == null ? "default" : username);
    }
}
