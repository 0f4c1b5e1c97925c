package io.fahren.postgres;

import io.fahren.testing.PgBouncerMode;
import io.fahren.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Roles and SQL helpers for the PostgreSQL strategy tests. Role names are unique per run: roles are server-wide. */
final class PgFixture {

    private PgFixture() {
    }

    /**
     * The topology the suites that honour it run in: direct by default; {@code pgbouncer-session}
     * or {@code pgbouncer-transaction} (system property {@code fahren.test.topology}, set by the
     * PgBouncer executions in the pom) put a real PgBouncer in front, with the binding mode that
     * goes with it.
     */
    static Topology topology() {
        return switch (System.getProperty("fahren.test.topology", "direct")) {
            case "pgbouncer-session" -> new Topology(BindingMode.SESSION, PgBouncerMode.SESSION);
            case "pgbouncer-transaction" -> new Topology(BindingMode.TRANSACTION, PgBouncerMode.TRANSACTION);
            default -> new Topology(BindingMode.SESSION, null);
        };
    }

    /** @return the binding mode of {@link #topology()} */
    static BindingMode mode() {
        return topology().mode();
    }

    static PostgresConnection admin(PostgresDatabase db) {
        return PostgresConnection.of(topology().url(db), db.user(), db.password());
    }

    /**
     * @return a new ordinary login role with a random password
     */
    static PostgresConnection newLogin(PostgresDatabase db, String prefix, String attributes) throws SQLException {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            // test fixture: name and password are generated above, not user input
            s.execute("CREATE ROLE " + name + " LOGIN " + attributes + " PASSWORD '" + password + "'");
            s.execute("GRANT CONNECT ON DATABASE " + io.fahren.postgres.impl.sql.Sql.identifier(db.name()) + " TO " + name);
        }
        return PostgresConnection.of(topology().url(db), name, password);
    }

    static void execute(PostgresDatabase db, String... statements) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    static long count(PostgresDatabase db, String sql, Object... params) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
