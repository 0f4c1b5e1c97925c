package io.fahren.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Plain JDBC work done with a tenant's connection, returning a result.
 *
 * <pre>{@code
 * long count = tenants.callWithConnection("acme", c -> {
 *     try (var rs = c.createStatement().executeQuery("select count(*) from orders")) {
 *         rs.next();
 *         return rs.getLong(1);
 *     }
 * });
 * }</pre>
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ConnectionWork<T> {

    /**
     * @param connection the tenant's connection; do not close it or keep it
     * @return the result
     * @throws SQLException as JDBC does
     */
    T apply(Connection connection) throws SQLException;
}
