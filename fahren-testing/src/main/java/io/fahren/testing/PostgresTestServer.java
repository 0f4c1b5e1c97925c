package io.fahren.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A real PostgreSQL server for tests: one per JVM, started on first use and stopped at JVM exit.
 * Obtain it with {@link TestServers#postgres()}, or per test class through {@link WithPostgres}.
 *
 * <pre>{@code
 * PostgresTestServer server = TestServers.postgres();
 * try (Connection c = server.connect("postgres")) { ... }
 * server.restart();   // fault tests: connections break, the port stays the same
 * }</pre>
 */
public interface PostgresTestServer {

    /** @return where the server came from */
    ServerSource source();

    /** @return the host name to connect to */
    String host();

    /** @return the TCP port */
    int port();

    /** @return a superuser name */
    String adminUser();

    /** @return that superuser's password */
    String adminPassword();

    /**
     * @param database a database name
     * @return a JDBC URL for it, without credentials
     */
    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /**
     * @param database a database name
     * @return a new connection to it as the admin user
     * @throws SQLException when the server cannot be reached
     */
    default Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", adminUser());
        properties.setProperty("password", adminPassword());
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /**
     * Stops the server; connections fail until {@link #start()}.
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
