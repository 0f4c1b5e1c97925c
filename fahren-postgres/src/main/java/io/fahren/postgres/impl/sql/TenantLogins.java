package io.fahren.postgres.impl.sql;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
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
}
