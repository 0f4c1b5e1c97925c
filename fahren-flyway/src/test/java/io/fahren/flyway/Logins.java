package io.fahren.flyway;

import io.fahren.postgres.PostgresConnection;
import io.fahren.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The logins and the catalog reads of the migration tests. Role names are unique per run: roles are server-wide. */
final class Logins {

    private Logins() {
    }

    static PostgresConnection admin(PostgresDatabase db) {
        return PostgresConnection.of(db.jdbcUrl(), db.user(), db.password());
    }

    /** @return a new ordinary login role with a random password */
    static PostgresConnection newLogin(PostgresDatabase db, String prefix) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // test fixture: name and password are generated above, not input
            s.execute("CREATE ROLE " + name + " LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '" + password + "'");
            s.execute("GRANT CONNECT ON DATABASE \"" + db.name() + "\" TO " + name);
        }
        return PostgresConnection.of(db.jdbcUrl(), name, password);
    }

    /** @return the one number the query returns, run as the server's admin */
    static long count(PostgresDatabase db, String sql, Object... params) throws SQLException {
        try (Connection c = db.connect(); java.sql.PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            try (java.sql.ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
