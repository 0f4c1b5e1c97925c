package io.fahren.testing;

import java.util.Locale;

/**
 * PgBouncer's pool modes, for tests that run Fahren through a real PgBouncer in front of the test
 * PostgreSQL server.
 *
 * <pre>{@code
 * String url = db.jdbcUrl(PgBouncerMode.TRANSACTION);   // consecutive transactions may use other server sessions
 * }</pre>
 */
public enum PgBouncerMode {
    /** A client keeps one server session until it disconnects ({@code pool_mode = session}). */
    SESSION,
    /** A client holds a server session only for the span of a transaction ({@code pool_mode = transaction}). */
    TRANSACTION;

    /** @return the value of PgBouncer's {@code pool_mode} setting */
    public String poolMode() {
        return name().toLowerCase(Locale.ROOT);
    }
}
