package io.fahren.postgres.impl.pool;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * An array value of a checkout ({@link CheckedOutConnection}): pgjdbc's arrays make their result
 * sets on the physical connection, which their {@code getStatement()} would hand out.
 */
final class TenantArray implements Array {

    private final CheckedOutConnection connection;
    private final Array target;

    /**
     * @param connection the checkout
     * @param target pgjdbc's array
     */
    TenantArray(CheckedOutConnection connection, Array target) {
        this.connection = connection;
        this.target = target;
    }

    /**
     * @param array an array tenant code passes to a statement
     * @return pgjdbc's own array, when it is one of these, so the driver sends it as it made it
     */
    static Array driverArray(Array array) {
        return array instanceof TenantArray own ? own.target : array;
    }

    /**
     * @param value a parameter value tenant code passes to a statement
     * @return the same, with an array of these replaced by pgjdbc's own
     */
    static Object driverValue(Object value) {
        return value instanceof TenantArray own ? own.target : value;
    }

    /** @return the array, while the checkout lasts */
    private Array a() throws SQLException {
        connection.checkOpen();
        return target;
    }

    @Override
    public String getBaseTypeName() throws SQLException {
        return a().getBaseTypeName();
    }

    @Override
    public int getBaseType() throws SQLException {
        return a().getBaseType();
    }

    @Override
    public Object getArray() throws SQLException {
        return a().getArray();
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        return a().getArray(map);
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        return a().getArray(index, count);
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return a().getArray(index, count, map);
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return connection.results(a().getResultSet(), null);
    }

    @Override
    public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
        return connection.results(a().getResultSet(map), null);
    }

    @Override
    public ResultSet getResultSet(long index, int count) throws SQLException {
        return connection.results(a().getResultSet(index, count), null);
    }

    @Override
    public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
        return connection.results(a().getResultSet(index, count, map), null);
    }

    @Override
    public void free() throws SQLException {
        target.free();
    }

    /** pgjdbc sends an array it did not make by this text. */
    @Override
    public String toString() {
        return target.toString();
    }
}
