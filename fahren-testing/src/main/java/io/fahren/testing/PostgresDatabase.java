package io.fahren.testing;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A fresh database created for one test class on the shared {@link PostgresTestServer}, and
 * dropped after it. Inject it into a test method, constructor or {@code @BeforeAll} method of a
 * class annotated {@link WithPostgres}.
 *
 * <pre>{@code
 * @WithPostgres
 * class OrdersTest {
 *     @Test
 *     void stores(PostgresDatabase db) throws SQLException {
 *         try (Connection c = db.connect()) { ... }
 *     }
 * }
 * }</pre>
 *
 * @param server the server holding the database
 * @param name the database name
 */
public record PostgresDatabase(PostgresTestServer server, String name) {

    /** @return the JDBC URL of this database, without credentials */
    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    /**
     * @param mode a PgBouncer pool mode
     * @return the JDBC URL of this database through a real PgBouncer in that mode (started on first
     *         use, see {@link TestServers#pgBouncerPort}); log in with the same roles as directly
     */
    public String jdbcUrl(PgBouncerMode mode) {
        return "jdbc:postgresql://127.0.0.1:" + TestServers.pgBouncerPort(mode) + "/" + name;
    }

    /** @return the admin (superuser) name */
    public String user() {
        return server.adminUser();
    }

    /** @return the admin password */
    public String password() {
        return server.adminPassword();
    }

    /**
     * @return a new admin connection to this database
     * @throws SQLException when the server cannot be reached
     */
    public Connection connect() throws SQLException {
        return server.connect(name);
    }
}
