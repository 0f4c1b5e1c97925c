package io.fahren.postgres;

import java.util.List;
import java.util.Map;

/**
 * What one statement run by {@link PostgresTenants#executeAs} gave back: its rows (none for a
 * statement without a result set) and how many rows it returned or changed.
 *
 * <pre>{@code
 * QueryResult r = tenants.executeAs("acme", "UPDATE orders SET total = 0 WHERE id = ?", 7);
 * r.count();   // 1
 * r.rows();    // [] (add RETURNING to get the changed rows)
 * }</pre>
 *
 * @param rows every row as column label to value, in order; empty for a statement without rows
 * @param count the number of rows returned (for a query) or changed (for INSERT, UPDATE, DELETE)
 */
public record QueryResult(List<Map<String, Object>> rows, long count) {

    /** Keeps an unmodifiable copy of the rows. */
    public QueryResult {
        rows = List.copyOf(rows);
    }
}
