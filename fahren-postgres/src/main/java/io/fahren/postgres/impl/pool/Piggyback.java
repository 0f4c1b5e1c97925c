package io.fahren.postgres.impl.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.PGStatement;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;
import org.postgresql.core.SqlCommandType;

/**
 * A binding sent in the same round trip as the application's first statement. pgjdbc sends the
 * statements of one multi-statement query in one flush with one Sync, so the clearing and the
 * binding travel ahead of the application's statement and the server runs them in order.
 *
 * <p>It is done for a prepared statement made with {@code prepareStatement(sql)} (or with a result
 * set type), run with {@code execute()}, {@code executeQuery()}, {@code executeUpdate()} or {@code
 * executeLargeUpdate()}, whose SQL is one {@code SELECT}, {@code INSERT}, {@code UPDATE}, {@code
 * DELETE} or {@code WITH} statement (pgjdbc's own parser says which): such a statement cannot open
 * or end a transaction, so the binding commits with it (session binding, auto-commit) or lives
 * in the transaction it opens (transaction binding). Everything else (batches, callables,
 * generated keys, plain statements, other SQL) is bound in a round trip of its own first.
 *
 * <p>The statement tenant code holds is not changed: a one-shot twin (never named on the server)
 * is prepared with the binding's statements ahead of the application's SQL, the recorded
 * parameters are set on it shifted past the binding's, and its results after the binding's are
 * the statement's until it runs again or is closed.
 */
final class Piggyback {

    /** Statements that cannot open or end a transaction. */
    private static final Set<SqlCommandType> KINDS = Set.of(SqlCommandType.SELECT, SqlCommandType.INSERT,
            SqlCommandType.UPDATE, SqlCommandType.DELETE, SqlCommandType.WITH);

    /**
     * Statements to send ahead of the application's.
     *
     * @param sql the statements, each ending with {@code ;}
     * @param params their parameters, in order
     * @param results how many results they give (one per statement)
     */
    record Prefix(String sql, List<Object> params, int results) {

        /**
         * @param before clearing statements, each ending with {@code "; "} (or empty)
         * @param binding the binding statement
         * @return the prefix
         */
        static Prefix of(String before, Isolation.Binding binding) {
            int statements = before.isEmpty() ? 0 : before.split("; ").length;
            return new Prefix(before + binding.sql() + "; ", binding.params(), statements + 1);
        }
    }

    /** A parameter tenant code set, to set again on the twin at a shifted index. */
    @FunctionalInterface
    interface Setter {
        /**
         * @param twin the statement that carries the binding
         * @param index the parameter's index on it
         */
        void set(PreparedStatement twin, int index) throws SQLException;
    }

    /** A statement setting tenant code made, to make again on the twin. */
    @FunctionalInterface
    interface Setting {
        /** @param twin the statement that carries the binding */
        void apply(PreparedStatement twin) throws SQLException;
    }

    private static final int[] NO_CREATION = {};

    private final String sql;
    /** The result set type, concurrency and holdability it was prepared with, as many as given. */
    private final int[] creation;
    /** Made when first needed: most statements set none, and one of these is made per statement. */
    private Map<String, Setting> settings = Map.of();
    private Boolean carries;
    private Setter[] setters = new Setter[0];
    private PreparedStatement twin;

    private Piggyback(String sql, int[] creation) {
        this.sql = sql;
        this.creation = creation;
    }

    /**
     * @param sql the statement's SQL
     * @param creation the result set type, concurrency and holdability it is prepared with, if given
     * @return what records the statement, to carry a binding when it runs
     */
    static Piggyback of(String sql, int... creation) {
        return new Piggyback(sql, creation.length == 0 ? NO_CREATION : creation);
    }

    /**
     * Records a parameter tenant code set.
     *
     * @param index its index
     * @param setter how it is set again on the twin
     */
    void record(int index, Setter setter) {
        if (index < 1) {
            return; // the statement itself refused it
        }
        if (index > setters.length) {
            setters = Arrays.copyOf(setters, Math.max(index, Math.max(4, setters.length * 2)));
        }
        setters[index - 1] = setter;
    }

    /** Forgets the parameters: tenant code cleared them. */
    void clearParameters() {
        Arrays.fill(setters, null);
    }

    /**
     * Records a statement setting tenant code made; the last of each name is made again.
     *
     * @param name the setter's name
     * @param setting how it is made again on the twin
     */
    void record(String name, Setting setting) {
        if (settings.isEmpty()) {
            settings = new LinkedHashMap<>();
        }
        settings.put(name, setting);
    }

    /** @return the twin, whose results are the statement's now, or null */
    PreparedStatement twin() {
        return twin;
    }

    /** Ends the twin's turn: the statement runs again or is closed. */
    void end() throws SQLException {
        if (twin != null) {
            PreparedStatement done = twin;
            twin = null;
            done.close();
        }
    }

    /** @return whether the statement's SQL is one statement of a kind that can carry a binding */
    boolean carries() {
        if (carries == null) {
            try {
                List<NativeQuery> parsed = Parser.parseJdbcSql(sql, true, true, true, false, false);
                carries = parsed.size() == 1 && KINDS.contains(parsed.get(0).command.getType());
            } catch (SQLException e) {
                carries = false; // let the server say what is wrong, on the ordinary path
            }
        }
        return carries;
    }

    /**
     * Runs the statement behind the prefix, in one round trip.
     *
     * @param pooled the pooled connection
     * @param prefix the binding and what comes before it
     * @param execution the execution tenant code called
     * @return what that execution returns
     */
    Object execute(Connection pooled, Prefix prefix, String execution) throws SQLException {
        end();
        PreparedStatement made = prepare(pooled, prefix.sql() + sql);
        try {
            made.unwrap(PGStatement.class).setPrepareThreshold(0);
            int shift = prefix.params().size();
            for (int i = 0; i < shift; i++) {
                made.setObject(i + 1, prefix.params().get(i));
            }
            for (Setting setting : settings.values()) {
                setting.apply(made);
            }
            for (int i = 0; i < setters.length; i++) {
                if (setters[i] != null) {
                    setters[i].set(made, i + 1 + shift);
                }
            }
            made.execute();
            boolean resultSet = false;
            for (int i = 0; i < prefix.results(); i++) {
                resultSet = made.getMoreResults();
            }
            twin = made;
            return switch (execution) {
                case "executeQuery" -> {
                    if (!resultSet) {
                        throw new SQLException("No results were returned by the query.", "02000");
                    }
                    yield made.getResultSet();
                }
                case "executeUpdate" -> {
                    noResultSet(resultSet);
                    yield made.getUpdateCount();
                }
                case "executeLargeUpdate" -> {
                    noResultSet(resultSet);
                    yield made.getLargeUpdateCount();
                }
                default -> resultSet;
            };
        } catch (SQLException | RuntimeException e) {
            twin = null;
            made.close();
            throw e;
        }
    }

    private static void noResultSet(boolean resultSet) throws SQLException {
        if (resultSet) {
            throw new SQLException("A result was returned when none was expected.", "0100E");
        }
    }

    private PreparedStatement prepare(Connection pooled, String text) throws SQLException {
        return switch (creation.length) {
            case 0 -> pooled.prepareStatement(text);
            case 2 -> pooled.prepareStatement(text, creation[0], creation[1]);
            default -> pooled.prepareStatement(text, creation[0], creation[1], creation[2]);
        };
    }
}
