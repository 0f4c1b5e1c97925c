package io.fahren.postgres;

import java.util.Objects;

/**
 * How to log in to PostgreSQL: a JDBC URL, a user and a password. {@link #toString()} never shows
 * the password.
 *
 * <pre>{@code
 * PostgresConnection admin = PostgresConnection.of("jdbc:postgresql://db:5432/app", "fahren_admin", password);
 * }</pre>
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://...}
 * @param username the login role
 * @param password its password
 */
public record PostgresConnection(String url, String username, String password) {

    /**
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL
     */
    public PostgresConnection {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: it must start with jdbc:postgresql: "
                    + "(fahren.postgres.url)");
        }
    }

    /**
     * @param url the JDBC URL
     * @param username the login role
     * @param password its password
     * @return the connection settings
     */
    public static PostgresConnection of(String url, String username, String password) {
        return new PostgresConnection(url, username, password);
    }

    @Override
    public String toString() {
        return "PostgresConnection[" + url + " as " + username + ", password=(redacted)]";
    }
}
