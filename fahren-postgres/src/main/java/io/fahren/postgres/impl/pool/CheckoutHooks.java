package io.fahren.postgres.impl.pool;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What a checkout does around tenant code's work, called by {@link CheckedOutConnection} and the
 * statements it hands out; only the release is needed.
 */
@FunctionalInterface
interface CheckoutHooks {
    /**
     * Runs before every statement of tenant code executes, on the pooled connection.
     *
     * @param pooled the pooled connection
     */
    default void beforeStatement(Connection pooled) throws SQLException {
    }

    /**
     * Runs before a method of the connection itself that may reach the server (anything but
     * creating statements and reading local flags), and before its metadata is handed out.
     *
     * @param pooled the pooled connection
     * @param method the method's name
     */
    default void beforeServerCall(Connection pooled, String method) throws SQLException {
    }

    /**
     * Asked before a statement that can carry a binding in its own round trip runs.
     *
     * @param pooled the pooled connection
     * @return the binding to send ahead of it, or null to go the ordinary way ({@link
     *         #beforeStatement}, which binds in a round trip of its own when a binding is due)
     */
    default Piggyback.Prefix piggyback(Connection pooled) throws SQLException {
        return null;
    }

    /**
     * Whether a prepared statement's parameters must be recorded, so that {@link #piggyback} can
     * still be answered: false once no binding can be due before the checkout ends.
     *
     * @return whether a statement of the checkout may still carry a binding
     */
    default boolean mayPiggyback() {
        return false;
    }

    /**
     * Runs when a statement that carried the binding of {@link #piggyback} succeeded.
     *
     * @param pooled the pooled connection
     */
    default void piggybacked(Connection pooled) throws SQLException {
    }

    /**
     * Runs when a statement of tenant code failed, before the exception reaches it.
     *
     * @param pooled the pooled connection
     */
    default void statementFailed(Connection pooled) {
    }

    /**
     * Runs when a statement that carried the binding of {@link #piggyback} failed: the binding or
     * the statement itself did. By default, as any failed statement.
     *
     * @param pooled the pooled connection
     */
    default void piggybackFailed(Connection pooled) {
        statementFailed(pooled);
    }

    /**
     * Runs after tenant code ended a transaction through the JDBC API.
     *
     * @param pooled the pooled connection
     */
    default void afterTransaction(Connection pooled) {
    }

    /**
     * Whether tenant code may call {@code setAutoCommit} with this value.
     *
     * @param autoCommit the value
     * @throws SQLException saying why not
     */
    default void checkAutoCommit(boolean autoCommit) throws SQLException {
    }

    /**
     * Gives the pooled connection back: resets it, or evicts it when that fails, then closes it.
     *
     * @param pooled the pooled connection
     */
    void release(Connection pooled) throws SQLException;
}
