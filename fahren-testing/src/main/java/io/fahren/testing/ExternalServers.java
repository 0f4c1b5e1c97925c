package io.fahren.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Servers given by URL in {@code FAHREN_TEST_POSTGRES_URL} and {@code FAHREN_TEST_REDIS_URL}.
 * They are used as they are: never restarted, never stopped.
 */
final class ExternalServers {

    private ExternalServers() {
    }

    /**
     * @param url {@code postgresql://user:password@host:port/db}, or
     *            {@code jdbc:postgresql://host:port/db?user=..&password=..}
     * @return the server
     */
    public static PostgresTestServer postgres(String url) {
        URI uri = parse(url.startsWith("jdbc:") ? url.substring(5) : url, "FAHREN_TEST_POSTGRES_URL",
                "postgresql://user:password@localhost:5432/postgres");
        Map<String, String> query = query(uri);
        String[] userInfo = userInfo(uri);
        String user = userInfo[0] != null ? userInfo[0] : query.get("user");
        String password = userInfo[1] != null ? userInfo[1] : query.get("password");
        if (user == null) {
            throw new IllegalStateException("FAHREN_TEST_POSTGRES_URL names no user. Use "
                    + "postgresql://user:password@host:port/db; the user must be allowed to create databases and roles.");
        }
        return new Postgres(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password);
    }

    /**
     * @param url {@code redis://[user:password@]host:port}
     * @return the server
     */
    public static RedisTestServer redis(String url) {
        URI uri = parse(url, "FAHREN_TEST_REDIS_URL", "redis://localhost:6379");
        String[] userInfo = userInfo(uri);
        return new Redis(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(),
                userInfo[0] == null || userInfo[0].isEmpty() ? null : userInfo[0], userInfo[1]);
    }

    private static URI parse(String url, String variable, String example) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + " is not a valid URL (" + e.getMessage() + "). Example: " + example);
        }
    }

    private static String[] userInfo(URI uri) {
        String info = uri.getRawUserInfo();
        if (info == null) {
            return new String[2];
        }
        int colon = info.indexOf(':');
        return colon < 0
                ? new String[] {decode(info), null}
                : new String[] {decode(info.substring(0, colon)), decode(info.substring(colon + 1))};
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> result = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    result.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return result;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static UnsupportedOperationException cannotControl(String what) {
        return new UnsupportedOperationException("Cannot stop or start " + what + ": it was given by URL and is "
                + "not managed by fahren-testing. Unset the URL variable to use an embedded server for this test.");
    }

    private record Postgres(String host, int port, String adminUser, String adminPassword) implements PostgresTestServer {
        @Override
        public ServerSource source() {
            return ServerSource.EXTERNAL;
        }

        @Override
        public void stop() {
            throw cannotControl("the PostgreSQL server from FAHREN_TEST_POSTGRES_URL");
        }

        @Override
        public void start() {
            throw cannotControl("the PostgreSQL server from FAHREN_TEST_POSTGRES_URL");
        }

        @Override
        public String toString() {
            return "external PostgreSQL at " + host + ":" + port + " as " + adminUser;
        }
    }

    private record Redis(String host, int port, String adminUser, String adminPassword) implements RedisTestServer {
        @Override
        public ServerSource source() {
            return ServerSource.EXTERNAL;
        }

        @Override
        public void stop() {
            throw cannotControl("the Redis server from FAHREN_TEST_REDIS_URL");
        }

        @Override
        public void start() {
            throw cannotControl("the Redis server from FAHREN_TEST_REDIS_URL");
        }

        @Override
        public String toString() {
            return "external Redis at " + host + ":" + port;
        }
    }
}
