package io.fahren.postgres.impl.pool;

import java.util.Locale;

/** The host and port of a PostgreSQL JDBC URL, which identify the server a database is on. */
public final class ServerAddress {

    private ServerAddress() {
    }

    /**
     * @param jdbcUrl {@code jdbc:postgresql://host[:port]/database[?...]}
     * @return {@code host:port} in lower case, the port 5432 when the URL has none
     */
    public static String of(String jdbcUrl) {
        int start = jdbcUrl.indexOf("//");
        if (start < 0) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL with a host: use jdbc:postgresql://host:port/db");
        }
        start += 2;
        int end = start;
        while (end < jdbcUrl.length() && "/?".indexOf(jdbcUrl.charAt(end)) < 0) {
            end++;
        }
        String hostPort = jdbcUrl.substring(start, end).toLowerCase(Locale.ROOT);
        return hostPort.contains(":") && !hostPort.endsWith("]") ? hostPort : hostPort + ":5432";
    }
}
