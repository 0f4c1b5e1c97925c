package io.fahren.postgres.impl.sql;

import io.fahren.FahrenException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The one place where SQL text is made from names. Identifiers are validated and always quoted;
 * the few constants that PostgreSQL accepts only as literals in DDL (a setting name in a policy)
 * are validated against a strict pattern and quoted. Every value a user or tenant supplies is
 * bound as a parameter instead.
 */
public final class Sql {

    private static final Pattern SETTING = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_ ]*(\\([0-9, ]+\\))?(\\[\\])?");

    private Sql() {
    }

    /**
     * @param name an identifier, such as a table, schema or role name
     * @return it, double-quoted with inner quotes doubled
     * @throws IllegalArgumentException when it is empty, too long or holds a NUL
     */
    public static String identifier(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0
                || name.getBytes(StandardCharsets.UTF_8).length > 63) {
            throw new IllegalArgumentException("Invalid SQL identifier (empty, NUL, or over 63 bytes): "
                    + (name == null ? null : name.length() + " characters"));
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * @param schema the schema
     * @param name the object
     * @return {@code "schema"."name"}
     */
    public static String qualified(String schema, String name) {
        return identifier(schema) + "." + identifier(name);
    }

    /**
     * @param body a function body
     * @return it dollar-quoted with a tag that does not occur in it, so no identifier in the body
     *         (they may hold {@code $}) can end the quoting early
     */
    public static String dollarQuoted(String body) {
        String tag = "$fahren$";
        for (int n = 1; body.contains(tag.substring(0, tag.length() - 1)); n++) {
            tag = "$fahren" + n + "$";
        }
        return tag + body + tag;
    }

    /**
     * @param timeout a lock timeout option
     * @throws IllegalArgumentException when it is missing or under one second
     */
    public static void checkLockTimeout(java.time.Duration timeout) {
        if (timeout == null || timeout.toMillis() < 1000) {
            throw new IllegalArgumentException("deleteLockTimeout must be at least one second");
        }
    }

    /**
     * Bounds every lock wait of the current transaction.
     *
     * @param c a connection inside a transaction
     * @param timeout how long a statement may wait for a lock
     */
    public static void lockTimeout(java.sql.Connection c, java.time.Duration timeout) throws java.sql.SQLException {
        try (java.sql.PreparedStatement p = c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
            p.setString(1, timeout.toMillis() + "ms");
            p.execute();
        }
    }

    /**
     * @param e a failure of a delete
     * @param tenantId the tenant being deleted
     * @param timeout the lock timeout it ran with
     * @param waitedFor what the delete waited for
     * @throws io.fahren.FahrenException saying what to do, when {@code e} is a lock timeout
     */
    public static void failIfLockTimedOut(java.sql.SQLException e, io.fahren.TenantId tenantId,
            java.time.Duration timeout, String waitedFor) {
        if (!"55P03".equals(e.getSQLState())) {
            return;
        }
        throw new io.fahren.FahrenException("Deleting tenant '" + tenantId + "' waited more than "
                + timeout.toSeconds() + " s for " + waitedFor + ", so nothing of it was deleted. End those transactions "
                + "(pg_stat_activity shows them, with state 'idle in transaction' for forgotten ones) and call "
                + "deleteTenant again, or raise fahren.postgres.delete-lock-timeout (deleteLockTimeout).", e);
    }

    /**
     * @param setting a custom setting name such as {@code fahren.tenant_id}
     * @return it as a quoted SQL literal
     * @throws IllegalArgumentException when it is not {@code prefix.name} in lower case
     */
    public static String settingLiteral(String setting) {
        if (setting == null || !SETTING.matcher(setting).matches()) {
            throw new IllegalArgumentException("Invalid setting name '" + setting + "': it must match " + SETTING.pattern());
        }
        return "'" + setting + "'";
    }

    /**
     * @param type a type name as {@code format_type()} prints it, such as {@code text} or {@code uuid}
     * @return it, checked to be a plain built-in type name
     * @throws IllegalArgumentException when it is anything else
     */
    public static String typeName(String type) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("Unsupported tenant column type '" + type + "': use text, varchar, uuid "
                    + "or an integer type");
        }
        return type;
    }

    /**
     * @param what what failed
     * @param e the cause
     * @return an exception that says what failed, with PostgreSQL's message
     */
    public static FahrenException failure(String what, SQLException e) {
        return new FahrenException("PostgreSQL: " + what + " failed: " + e.getMessage(), e);
    }
}
