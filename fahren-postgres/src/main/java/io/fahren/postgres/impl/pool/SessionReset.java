package io.fahren.postgres.impl.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * The one place that knows what session state a tenant can leave on a server connection, and how
 * it is cleared before another tenant (or no tenant) uses that connection: settings (the tenant
 * setting, {@code search_path}, {@code default_transaction_read_only}, custom {@code app.*} ones),
 * the role, temporary tables, {@code LISTEN} channels, session advisory locks, prepared statements,
 * cursors, sequence caches, and an open transaction.
 *
 * <p>The transaction state is read from the server (the status of its last ready-for-query
 * message, as pgjdbc tracks it), never from the JDBC auto-commit flag: a raw {@code BEGIN} sent
 * with auto-commit on leaves a transaction open that the flag does not show.
 */
final class SessionReset {

    /**
     * Clears what another tenant (or, behind PgBouncer in transaction pooling, another client of
     * the same login) left on a server session: cursors, listeners, session advisory locks,
     * prepared statements (pgjdbc notices {@code DEALLOCATE ALL} and prepares its own again),
     * temporary objects, sequence caches and every setting. It is {@code DISCARD ALL} without its
     * two parts that cannot share a round trip with the binding: {@code SET SESSION AUTHORIZATION
     * DEFAULT} (the binding that follows sets the role; a non-superuser login cannot change its
     * session user) and {@code DISCARD PLANS} (plans hold no data, and are re-planned when the role
     * or {@code search_path} they depend on changes). {@code DISCARD ALL} itself cannot run in a
     * multi-statement round trip. Ends with a separator, ready for the binding.
     */
    static final String CLEAR = "CLOSE ALL; UNLISTEN *; SELECT pg_catalog.pg_advisory_unlock_all(); "
            + "DEALLOCATE ALL; DISCARD TEMP; DISCARD SEQUENCES; RESET ALL; ";

    /** Must come before any query of a transaction. */
    private static final String READ_WRITE = "SET TRANSACTION READ WRITE; ";

    private SessionReset() {
    }

    /**
     * @param startsTransaction whether these statements open the transaction (nothing ran in it yet)
     * @param readOnly whether the application asked for a read-only transaction
     * @return the statements that clear the session inside a transaction, to send in the same round
     *         trip as the transaction's binding
     */
    static String inTransaction(boolean startsTransaction, boolean readOnly) {
        return startsTransaction && !readOnly ? READ_WRITE + CLEAR : CLEAR;
    }

    /**
     * @param pooled a pooled connection
     * @return whether the server has a transaction open (or failed) on it
     */
    static boolean inTransaction(Connection pooled) throws SQLException {
        return pooled.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
    }

    /**
     * Ends whatever transaction the server has open on the connection by rolling it back, and
     * turns auto-commit back on (only then: with a transaction open, that would commit it).
     *
     * @param pooled a pooled connection
     */
    static void endTransaction(Connection pooled) throws SQLException {
        if (inTransaction(pooled)) {
            try (Statement s = pooled.createStatement()) {
                s.execute("ROLLBACK");
            }
        }
        if (!pooled.getAutoCommit()) {
            pooled.setAutoCommit(true);
        }
    }
}
