package io.fahren.postgres.impl.pool;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement of a checkout. Where a binding is due when it runs, and it can carry one
 * ({@link Piggyback}), the binding travels in the statement's own round trip: the parameters
 * tenant code set are recorded for that (only while a binding may still be due), and the
 * statement's results are its twin's until it runs again or is closed.
 */
final class TenantPreparedStatement extends TenantStatement implements PreparedStatement {

    private final PreparedStatement target;
    /** What a binding would travel with, or null for a statement that cannot carry one. */
    private final Piggyback piggyback;

    /**
     * @param connection the checkout
     * @param target the pooled connection's statement
     * @param piggyback what records it, or null when it cannot carry a binding
     */
    TenantPreparedStatement(CheckedOutConnection connection, PreparedStatement target, Piggyback piggyback) {
        super(connection, target);
        this.target = target;
        this.piggyback = piggyback;
    }

    /** @return the statement, while the checkout lasts */
    private PreparedStatement p() throws SQLException {
        connection.checkOpen();
        return target;
    }

    /** @return whether what tenant code sets must be recorded: a binding may still travel with the statement */
    private boolean recording() {
        return piggyback != null && connection.mayPiggyback();
    }

    @Override
    void ending() throws SQLException {
        if (piggyback != null) {
            piggyback.end();
        }
    }

    @Override
    void setting(String name, Piggyback.Setting setting) {
        if (recording()) {
            piggyback.record(name, setting);
        }
    }

    /**
     * Runs the statement with the binding due, in one round trip, if a binding is due and it can
     * carry one.
     *
     * @param execution the execution tenant code called
     * @return what that execution returned, or null when the statement is to run the ordinary way
     */
    private Object carried(String execution) throws SQLException {
        connection.checkOpen();
        if (piggyback == null) {
            return null;
        }
        piggyback.end();
        Piggyback.Prefix prefix = connection.piggyback();
        if (prefix == null || !piggyback.carries()) {
            return null;
        }
        Object result;
        try {
            result = piggyback.execute(connection.pooled(), prefix, execution);
        } catch (SQLException e) {
            throw connection.piggybackFailed(e);
        }
        connection.piggybacked();
        return result;
    }

    /**
     * Runs the statement: with the binding due in its round trip where it can carry one, else the
     * ordinary way (bound first when a binding is due).
     *
     * @param name the execution tenant code called
     * @param type what it returns
     * @param execution the execution, the ordinary way
     * @return what it returned
     */
    private <T> T execute(String name, Class<T> type, Execution<PreparedStatement, T> execution) throws SQLException {
        Object carried = carried(name);
        if (carried != null) {
            return type.cast(carried);
        }
        try {
            beforeRun();
            return execution.run(target);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return results(execute("executeQuery", ResultSet.class, PreparedStatement::executeQuery));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return execute("executeUpdate", Integer.class, PreparedStatement::executeUpdate);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return execute("executeLargeUpdate", Long.class, PreparedStatement::executeLargeUpdate);
    }

    @Override
    public boolean execute() throws SQLException {
        return execute("execute", Boolean.class, PreparedStatement::execute);
    }

    /** pgjdbc describes the statement (parses it, as the binding resolves it) when this is asked before it runs. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        try {
            return described().getMetaData();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** As {@link #getMetaData()}. */
    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        try {
            return described().getParameterMetaData();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** @return the statement, bound as a statement about to run is, its current results kept */
    private PreparedStatement described() throws SQLException {
        connection.checkOpen();
        connection.beforeStatement();
        return target;
    }

    @Override
    public void addBatch() throws SQLException {
        ending();
        p().addBatch();
    }

    @Override
    public void clearParameters() throws SQLException {
        p().clearParameters();
        if (piggyback != null) {
            piggyback.clearParameters();
        }
    }

    // the results of a statement that carried a binding are its twin's

    @Override
    public ResultSet getResultSet() throws SQLException {
        PreparedStatement twin = twin();
        return twin == null ? super.getResultSet() : results(twin.getResultSet());
    }

    @Override
    public int getUpdateCount() throws SQLException {
        PreparedStatement twin = twin();
        return twin == null ? super.getUpdateCount() : twin.getUpdateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        PreparedStatement twin = twin();
        return twin == null ? super.getLargeUpdateCount() : twin.getLargeUpdateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        PreparedStatement twin = twin();
        return twin == null ? super.getMoreResults() : twin.getMoreResults();
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        PreparedStatement twin = twin();
        return twin == null ? super.getMoreResults(current) : twin.getMoreResults(current);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        PreparedStatement twin = twin();
        return twin == null ? super.getWarnings() : twin.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        PreparedStatement twin = twin();
        if (twin == null) {
            super.clearWarnings();
        } else {
            twin.clearWarnings();
        }
    }

    /** @return the twin whose results are the statement's now, or null */
    private PreparedStatement twin() throws SQLException {
        connection.checkOpen();
        return piggyback == null ? null : piggyback.twin();
    }

    // parameters, recorded while a binding may still travel with the statement
    @Override
    public void setArray(int index, Array x) throws SQLException {
        p().setArray(index, TenantArray.driverArray(x));
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setArray(at, TenantArray.driverArray(x)));
        }
    }

    @Override
    public void setAsciiStream(int index, InputStream x) throws SQLException {
        p().setAsciiStream(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setAsciiStream(at, x));
        }
    }

    @Override
    public void setAsciiStream(int index, InputStream x, int y) throws SQLException {
        p().setAsciiStream(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setAsciiStream(at, x, y));
        }
    }

    @Override
    public void setAsciiStream(int index, InputStream x, long y) throws SQLException {
        p().setAsciiStream(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setAsciiStream(at, x, y));
        }
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) throws SQLException {
        p().setBigDecimal(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setBigDecimal(at, x));
        }
    }

    @Override
    public void setBinaryStream(int index, InputStream x) throws SQLException {
        p().setBinaryStream(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setBinaryStream(at, x));
        }
    }

    @Override
    public void setBinaryStream(int index, InputStream x, int y) throws SQLException {
        p().setBinaryStream(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setBinaryStream(at, x, y));
        }
    }

    @Override
    public void setBinaryStream(int index, InputStream x, long y) throws SQLException {
        p().setBinaryStream(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setBinaryStream(at, x, y));
        }
    }

    @Override
    public void setBlob(int index, Blob x) throws SQLException {
        p().setBlob(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setBlob(at, x));
        }
    }

    @Override
    public void setBlob(int index, InputStream x) throws SQLException {
        p().setBlob(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setBlob(at, x));
        }
    }

    @Override
    public void setBlob(int index, InputStream x, long y) throws SQLException {
        p().setBlob(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setBlob(at, x, y));
        }
    }

    @Override
    public void setBoolean(int index, boolean x) throws SQLException {
        p().setBoolean(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setBoolean(at, x));
        }
    }

    @Override
    public void setByte(int index, byte x) throws SQLException {
        p().setByte(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setByte(at, x));
        }
    }

    @Override
    public void setBytes(int index, byte[] x) throws SQLException {
        p().setBytes(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setBytes(at, x));
        }
    }

    @Override
    public void setCharacterStream(int index, Reader x) throws SQLException {
        p().setCharacterStream(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setCharacterStream(at, x));
        }
    }

    @Override
    public void setCharacterStream(int index, Reader x, int y) throws SQLException {
        p().setCharacterStream(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setCharacterStream(at, x, y));
        }
    }

    @Override
    public void setCharacterStream(int index, Reader x, long y) throws SQLException {
        p().setCharacterStream(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setCharacterStream(at, x, y));
        }
    }

    @Override
    public void setClob(int index, Clob x) throws SQLException {
        p().setClob(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setClob(at, x));
        }
    }

    @Override
    public void setClob(int index, Reader x) throws SQLException {
        p().setClob(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setClob(at, x));
        }
    }

    @Override
    public void setClob(int index, Reader x, long y) throws SQLException {
        p().setClob(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setClob(at, x, y));
        }
    }

    @Override
    public void setDate(int index, Date x) throws SQLException {
        p().setDate(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setDate(at, x));
        }
    }

    @Override
    public void setDate(int index, Date x, Calendar y) throws SQLException {
        p().setDate(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setDate(at, x, y));
        }
    }

    @Override
    public void setDouble(int index, double x) throws SQLException {
        p().setDouble(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setDouble(at, x));
        }
    }

    @Override
    public void setFloat(int index, float x) throws SQLException {
        p().setFloat(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setFloat(at, x));
        }
    }

    @Override
    public void setInt(int index, int x) throws SQLException {
        p().setInt(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setInt(at, x));
        }
    }

    @Override
    public void setLong(int index, long x) throws SQLException {
        p().setLong(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setLong(at, x));
        }
    }

    @Override
    public void setNCharacterStream(int index, Reader x) throws SQLException {
        p().setNCharacterStream(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setNCharacterStream(at, x));
        }
    }

    @Override
    public void setNCharacterStream(int index, Reader x, long y) throws SQLException {
        p().setNCharacterStream(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setNCharacterStream(at, x, y));
        }
    }

    @Override
    public void setNClob(int index, NClob x) throws SQLException {
        p().setNClob(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setNClob(at, x));
        }
    }

    @Override
    public void setNClob(int index, Reader x) throws SQLException {
        p().setNClob(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setNClob(at, x));
        }
    }

    @Override
    public void setNClob(int index, Reader x, long y) throws SQLException {
        p().setNClob(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setNClob(at, x, y));
        }
    }

    @Override
    public void setNString(int index, String x) throws SQLException {
        p().setNString(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setNString(at, x));
        }
    }

    @Override
    public void setNull(int index, int x) throws SQLException {
        p().setNull(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setNull(at, x));
        }
    }

    @Override
    public void setNull(int index, int x, String y) throws SQLException {
        p().setNull(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setNull(at, x, y));
        }
    }

    @Override
    public void setObject(int index, Object x) throws SQLException {
        p().setObject(index, TenantArray.driverValue(x));
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setObject(at, TenantArray.driverValue(x)));
        }
    }

    @Override
    public void setObject(int index, Object x, SQLType y) throws SQLException {
        p().setObject(index, TenantArray.driverValue(x), y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setObject(at, TenantArray.driverValue(x), y));
        }
    }

    @Override
    public void setObject(int index, Object x, SQLType y, int z) throws SQLException {
        p().setObject(index, TenantArray.driverValue(x), y, z);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setObject(at, TenantArray.driverValue(x), y, z));
        }
    }

    @Override
    public void setObject(int index, Object x, int y) throws SQLException {
        p().setObject(index, TenantArray.driverValue(x), y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setObject(at, TenantArray.driverValue(x), y));
        }
    }

    @Override
    public void setObject(int index, Object x, int y, int z) throws SQLException {
        p().setObject(index, TenantArray.driverValue(x), y, z);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setObject(at, TenantArray.driverValue(x), y, z));
        }
    }

    @Override
    public void setRef(int index, Ref x) throws SQLException {
        p().setRef(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setRef(at, x));
        }
    }

    @Override
    public void setRowId(int index, RowId x) throws SQLException {
        p().setRowId(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setRowId(at, x));
        }
    }

    @Override
    public void setSQLXML(int index, SQLXML x) throws SQLException {
        p().setSQLXML(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setSQLXML(at, x));
        }
    }

    @Override
    public void setShort(int index, short x) throws SQLException {
        p().setShort(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setShort(at, x));
        }
    }

    @Override
    public void setString(int index, String x) throws SQLException {
        p().setString(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setString(at, x));
        }
    }

    @Override
    public void setTime(int index, Time x) throws SQLException {
        p().setTime(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setTime(at, x));
        }
    }

    @Override
    public void setTime(int index, Time x, Calendar y) throws SQLException {
        p().setTime(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setTime(at, x, y));
        }
    }

    @Override
    public void setTimestamp(int index, Timestamp x) throws SQLException {
        p().setTimestamp(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setTimestamp(at, x));
        }
    }

    @Override
    public void setTimestamp(int index, Timestamp x, Calendar y) throws SQLException {
        p().setTimestamp(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setTimestamp(at, x, y));
        }
    }

    @Override
    public void setURL(int index, URL x) throws SQLException {
        p().setURL(index, x);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setURL(at, x));
        }
    }

    @Deprecated
    @Override
    public void setUnicodeStream(int index, InputStream x, int y) throws SQLException {
        p().setUnicodeStream(index, x, y);
        if (recording()) {
            piggyback.record(index, (twin, at) -> twin.setUnicodeStream(at, x, y));
        }
    }
}
