package io.fahren.postgres.servers;

import io.fahren.postgres.PostgresConnection;
import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.TestServers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Real PostgreSQL servers of their own ({@link TestServers#newPostgres()}), for the tests of several servers. */
public final class StartedServers {

    private final List<PostgresTestServer> servers = new ArrayList<>();

    private StartedServers() {
    }

    /**
     * @param count how many
     * @return that many started servers
     */
    public static StartedServers start(int count) {
        StartedServers started = new StartedServers();
        for (int i = 0; i < count; i++) {
            started.servers.add(TestServers.newPostgres());
        }
        return started;
    }

    /**
     * @param server an index
     * @return that server
     */
    public PostgresTestServer get(int server) {
        return servers.get(server);
    }

    /**
     * @param server an index
     * @return its admin login to its {@code postgres} database
     */
    public PostgresConnection login(int server) {
        PostgresTestServer s = servers.get(server);
        return PostgresConnection.of(s.jdbcUrl("postgres"), s.adminUser(), s.adminPassword());
    }

    /**
     * @param server an index
     * @param sql a query of one number with one text parameter
     * @param value the parameter
     * @return the number, asked as the admin in the {@code postgres} database
     */
    public long count(int server, String sql, String value) throws SQLException {
        try (Connection c = servers.get(server).connect("postgres"); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, value);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * @param sql a statement, run as the admin in every server's {@code postgres} database
     */
    public void everywhere(String sql) throws SQLException {
        for (PostgresTestServer server : servers) {
            try (Connection c = server.connect("postgres"); java.sql.Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }

    /** Stops every server. */
    public void stop() {
        servers.forEach(PostgresTestServer::stop);
    }
}
