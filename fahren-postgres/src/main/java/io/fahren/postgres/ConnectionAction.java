package io.fahren.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Plain JDBC work done with a tenant's connection.
 *
 * <pre>{@code
 * tenants.withConnection("acme", c -> c.createStatement().execute("insert into orders(total) values (10)"));
 * }</pre>
 */
@FunctionalInterface
public interface ConnectionAction {

    /**
     * @param connection the tenant's connection; do not close it or keep it
     * @throws SQLException as JDBC does
     */
    void accept(Connection connection) throws SQLException;
}
