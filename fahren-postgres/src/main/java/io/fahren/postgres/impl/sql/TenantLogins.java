package io.fahren.postgres.impl.sql;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.postgresql.PGConnection;

/** Per-tenant LOGIN roles: their random passwords, set without ever sending the password. */
public final class TenantLogins {

    /** The shortest password a tenant role may get. */
    public static final int MIN_PASSWORD_LENGTH = 32;

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TenantLogins() {
    }

    /** @return 40 characters from {@link SecureRandom} */
    public static String randomPassword() {
        StringBuilder password = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /**
     * @param generator the configured generator
     * @return its password
     * @throws IllegalStateException when it is shorter than {@value #MIN_PASSWORD_LENGTH} characters
     */
    public static String newPassword(Supplier<String> generator) {
        String password = generator.get();
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalStateException("The password generator made a password shorter than " + MIN_PASSWORD_LENGTH
                    + " characters; tenant passwords must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    /**
     * Sets a role's password through pgjdbc, which sends a SCRAM verifier computed in the JVM: the
     * clear password never travels to the server or into a statement.
     *
     * @param c a management connection
     * @param role the role name (unquoted)
     * @param password the password
     */
    public static void setPassword(Connection c, String role, String password) throws SQLException {
        c.unwrap(PGConnection.class).alterUserPassword(role, password.toCharArray(), "scram-sha-256");
    }

    /**
     * Switches a tenant's login off and ends its sessions: {@code ALTER ROLE ... NOLOGIN}, then
     * {@code pg_terminate_backend} on every backend of the role (new ones can no longer start).
     * Does nothing when the role does not exist.
     *
     * @param c a management connection
     * @param role the role name (unquoted)
     * @return how many backends were ended
     */
    public static int suspend(Connection c, String role) throws SQLException {
        if (!exists(c, role)) {
            return 0;
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + Sql.identifier(role) + " NOLOGIN");
        }
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_catalog.pg_terminate_backend(pid)) "
                + "FROM pg_catalog.pg_stat_activity WHERE usename = ?")) {
            p.setString(1, role);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Undoes {@link #suspend}: {@code ALTER ROLE ... LOGIN}.
     *
     * @param c a management connection
     * @param role the role name (unquoted)
     * @throws SQLException when the role does not exist
     */
    public static void resume(Connection c, String role) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + Sql.identifier(role) + " LOGIN");
        }
    }

    private static boolean exists(Connection c, String role) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?")) {
            p.setString(1, role);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }
}
