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
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A result set of a checkout ({@link CheckedOutConnection}): unusable once the checkout ends, its
 * {@code getStatement()} a statement of the checkout, and its array and {@code refcursor} values
 * wrapped, since pgjdbc's own reach the physical connection through {@code getStatement()}.
 */
final class TenantResultSet extends CheckoutPart implements ResultSet {

    private final CheckedOutConnection connection;
    /** The statement that made it, or null to wrap pgjdbc's (metadata, arrays, cursors) when asked. */
    private final Statement statement;
    private final ResultSet target;

    /**
     * @param connection the checkout
     * @param statement the wrapper of the statement that made it, or null
     * @param target the pooled connection's result set
     */
    TenantResultSet(CheckedOutConnection connection, Statement statement, ResultSet target) {
        super(target);
        this.connection = connection;
        this.statement = statement;
        this.target = target;
    }

    /** @return the result set, while the checkout lasts */
    private ResultSet rs() throws SQLException {
        connection.checkOpen();
        return target;
    }

    @Override
    public Statement getStatement() throws SQLException {
        return statement != null ? statement : connection.statement(rs().getStatement());
    }

    @Override
    public void close() throws SQLException {
        target.close();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return target.isClosed();
    }

    // values that reach the connection are wrapped

    @Override
    public Array getArray(int column) throws SQLException {
        return (Array) connection.value(rs().getArray(column));
    }

    @Override
    public Array getArray(String label) throws SQLException {
        return (Array) connection.value(rs().getArray(label));
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return connection.value(rs().getObject(column));
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return connection.value(rs().getObject(label));
    }

    @Override
    public Object getObject(int column, Map<String, Class<?>> map) throws SQLException {
        return connection.value(rs().getObject(column, map));
    }

    @Override
    public Object getObject(String label, Map<String, Class<?>> map) throws SQLException {
        return connection.value(rs().getObject(label, map));
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        return connection.value(rs().getObject(column, type), type);
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return connection.value(rs().getObject(label, type), type);
    }

    // the rest, as they are

    @Override
    public boolean absolute(int row) throws SQLException {
        return rs().absolute(row);
    }

    @Override
    public void afterLast() throws SQLException {
        rs().afterLast();
    }

    @Override
    public void beforeFirst() throws SQLException {
        rs().beforeFirst();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        rs().cancelRowUpdates();
    }

    @Override
    public void clearWarnings() throws SQLException {
        rs().clearWarnings();
    }

    @Override
    public void deleteRow() throws SQLException {
        rs().deleteRow();
    }

    @Override
    public int findColumn(String label) throws SQLException {
        return rs().findColumn(label);
    }

    @Override
    public boolean first() throws SQLException {
        return rs().first();
    }

    @Override
    public InputStream getAsciiStream(String label) throws SQLException {
        return rs().getAsciiStream(label);
    }

    @Override
    public InputStream getAsciiStream(int column) throws SQLException {
        return rs().getAsciiStream(column);
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return rs().getBigDecimal(label);
    }

    @Deprecated
    @Override
    public BigDecimal getBigDecimal(String label, int x) throws SQLException {
        return rs().getBigDecimal(label, x);
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        return rs().getBigDecimal(column);
    }

    @Deprecated
    @Override
    public BigDecimal getBigDecimal(int column, int x) throws SQLException {
        return rs().getBigDecimal(column, x);
    }

    @Override
    public InputStream getBinaryStream(String label) throws SQLException {
        return rs().getBinaryStream(label);
    }

    @Override
    public InputStream getBinaryStream(int column) throws SQLException {
        return rs().getBinaryStream(column);
    }

    @Override
    public Blob getBlob(String label) throws SQLException {
        return rs().getBlob(label);
    }

    @Override
    public Blob getBlob(int column) throws SQLException {
        return rs().getBlob(column);
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return rs().getBoolean(label);
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        return rs().getBoolean(column);
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return rs().getByte(label);
    }

    @Override
    public byte getByte(int column) throws SQLException {
        return rs().getByte(column);
    }

    @Override
    public byte[] getBytes(String label) throws SQLException {
        return rs().getBytes(label);
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        return rs().getBytes(column);
    }

    @Override
    public Reader getCharacterStream(String label) throws SQLException {
        return rs().getCharacterStream(label);
    }

    @Override
    public Reader getCharacterStream(int column) throws SQLException {
        return rs().getCharacterStream(column);
    }

    @Override
    public Clob getClob(String label) throws SQLException {
        return rs().getClob(label);
    }

    @Override
    public Clob getClob(int column) throws SQLException {
        return rs().getClob(column);
    }

    @Override
    public int getConcurrency() throws SQLException {
        return rs().getConcurrency();
    }

    @Override
    public String getCursorName() throws SQLException {
        return rs().getCursorName();
    }

    @Override
    public Date getDate(String label) throws SQLException {
        return rs().getDate(label);
    }

    @Override
    public Date getDate(String label, Calendar x) throws SQLException {
        return rs().getDate(label, x);
    }

    @Override
    public Date getDate(int column) throws SQLException {
        return rs().getDate(column);
    }

    @Override
    public Date getDate(int column, Calendar x) throws SQLException {
        return rs().getDate(column, x);
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return rs().getDouble(label);
    }

    @Override
    public double getDouble(int column) throws SQLException {
        return rs().getDouble(column);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return rs().getFetchDirection();
    }

    @Override
    public int getFetchSize() throws SQLException {
        return rs().getFetchSize();
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return rs().getFloat(label);
    }

    @Override
    public float getFloat(int column) throws SQLException {
        return rs().getFloat(column);
    }

    @Override
    public int getHoldability() throws SQLException {
        return rs().getHoldability();
    }

    @Override
    public int getInt(String label) throws SQLException {
        return rs().getInt(label);
    }

    @Override
    public int getInt(int column) throws SQLException {
        return rs().getInt(column);
    }

    @Override
    public long getLong(String label) throws SQLException {
        return rs().getLong(label);
    }

    @Override
    public long getLong(int column) throws SQLException {
        return rs().getLong(column);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return rs().getMetaData();
    }

    @Override
    public Reader getNCharacterStream(String label) throws SQLException {
        return rs().getNCharacterStream(label);
    }

    @Override
    public Reader getNCharacterStream(int column) throws SQLException {
        return rs().getNCharacterStream(column);
    }

    @Override
    public NClob getNClob(String label) throws SQLException {
        return rs().getNClob(label);
    }

    @Override
    public NClob getNClob(int column) throws SQLException {
        return rs().getNClob(column);
    }

    @Override
    public String getNString(String label) throws SQLException {
        return rs().getNString(label);
    }

    @Override
    public String getNString(int column) throws SQLException {
        return rs().getNString(column);
    }

    @Override
    public Ref getRef(String label) throws SQLException {
        return rs().getRef(label);
    }

    @Override
    public Ref getRef(int column) throws SQLException {
        return rs().getRef(column);
    }

    @Override
    public int getRow() throws SQLException {
        return rs().getRow();
    }

    @Override
    public RowId getRowId(String label) throws SQLException {
        return rs().getRowId(label);
    }

    @Override
    public RowId getRowId(int column) throws SQLException {
        return rs().getRowId(column);
    }

    @Override
    public SQLXML getSQLXML(String label) throws SQLException {
        return rs().getSQLXML(label);
    }

    @Override
    public SQLXML getSQLXML(int column) throws SQLException {
        return rs().getSQLXML(column);
    }

    @Override
    public short getShort(String label) throws SQLException {
        return rs().getShort(label);
    }

    @Override
    public short getShort(int column) throws SQLException {
        return rs().getShort(column);
    }

    @Override
    public String getString(String label) throws SQLException {
        return rs().getString(label);
    }

    @Override
    public String getString(int column) throws SQLException {
        return rs().getString(column);
    }

    @Override
    public Time getTime(String label) throws SQLException {
        return rs().getTime(label);
    }

    @Override
    public Time getTime(String label, Calendar x) throws SQLException {
        return rs().getTime(label, x);
    }

    @Override
    public Time getTime(int column) throws SQLException {
        return rs().getTime(column);
    }

    @Override
    public Time getTime(int column, Calendar x) throws SQLException {
        return rs().getTime(column, x);
    }

    @Override
    public Timestamp getTimestamp(String label) throws SQLException {
        return rs().getTimestamp(label);
    }

    @Override
    public Timestamp getTimestamp(String label, Calendar x) throws SQLException {
        return rs().getTimestamp(label, x);
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        return rs().getTimestamp(column);
    }

    @Override
    public Timestamp getTimestamp(int column, Calendar x) throws SQLException {
        return rs().getTimestamp(column, x);
    }

    @Override
    public int getType() throws SQLException {
        return rs().getType();
    }

    @Override
    public URL getURL(String label) throws SQLException {
        return rs().getURL(label);
    }

    @Override
    public URL getURL(int column) throws SQLException {
        return rs().getURL(column);
    }

    @Deprecated
    @Override
    public InputStream getUnicodeStream(String label) throws SQLException {
        return rs().getUnicodeStream(label);
    }

    @Deprecated
    @Override
    public InputStream getUnicodeStream(int column) throws SQLException {
        return rs().getUnicodeStream(column);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return rs().getWarnings();
    }

    @Override
    public void insertRow() throws SQLException {
        rs().insertRow();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        return rs().isAfterLast();
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        return rs().isBeforeFirst();
    }

    @Override
    public boolean isFirst() throws SQLException {
        return rs().isFirst();
    }

    @Override
    public boolean isLast() throws SQLException {
        return rs().isLast();
    }

    @Override
    public boolean last() throws SQLException {
        return rs().last();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        rs().moveToCurrentRow();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        rs().moveToInsertRow();
    }

    @Override
    public boolean next() throws SQLException {
        return rs().next();
    }

    @Override
    public boolean previous() throws SQLException {
        return rs().previous();
    }

    @Override
    public void refreshRow() throws SQLException {
        rs().refreshRow();
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        return rs().relative(rows);
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        return rs().rowDeleted();
    }

    @Override
    public boolean rowInserted() throws SQLException {
        return rs().rowInserted();
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        return rs().rowUpdated();
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        rs().setFetchDirection(direction);
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        rs().setFetchSize(rows);
    }

    @Override
    public void updateArray(String label, Array x) throws SQLException {
        rs().updateArray(label, x);
    }

    @Override
    public void updateArray(int column, Array x) throws SQLException {
        rs().updateArray(column, x);
    }

    @Override
    public void updateAsciiStream(String label, InputStream x) throws SQLException {
        rs().updateAsciiStream(label, x);
    }

    @Override
    public void updateAsciiStream(String label, InputStream x, int y) throws SQLException {
        rs().updateAsciiStream(label, x, y);
    }

    @Override
    public void updateAsciiStream(String label, InputStream x, long y) throws SQLException {
        rs().updateAsciiStream(label, x, y);
    }

    @Override
    public void updateAsciiStream(int column, InputStream x) throws SQLException {
        rs().updateAsciiStream(column, x);
    }

    @Override
    public void updateAsciiStream(int column, InputStream x, int y) throws SQLException {
        rs().updateAsciiStream(column, x, y);
    }

    @Override
    public void updateAsciiStream(int column, InputStream x, long y) throws SQLException {
        rs().updateAsciiStream(column, x, y);
    }

    @Override
    public void updateBigDecimal(String label, BigDecimal x) throws SQLException {
        rs().updateBigDecimal(label, x);
    }

    @Override
    public void updateBigDecimal(int column, BigDecimal x) throws SQLException {
        rs().updateBigDecimal(column, x);
    }

    @Override
    public void updateBinaryStream(String label, InputStream x) throws SQLException {
        rs().updateBinaryStream(label, x);
    }

    @Override
    public void updateBinaryStream(String label, InputStream x, int y) throws SQLException {
        rs().updateBinaryStream(label, x, y);
    }

    @Override
    public void updateBinaryStream(String label, InputStream x, long y) throws SQLException {
        rs().updateBinaryStream(label, x, y);
    }

    @Override
    public void updateBinaryStream(int column, InputStream x) throws SQLException {
        rs().updateBinaryStream(column, x);
    }

    @Override
    public void updateBinaryStream(int column, InputStream x, int y) throws SQLException {
        rs().updateBinaryStream(column, x, y);
    }

    @Override
    public void updateBinaryStream(int column, InputStream x, long y) throws SQLException {
        rs().updateBinaryStream(column, x, y);
    }

    @Override
    public void updateBlob(String label, Blob x) throws SQLException {
        rs().updateBlob(label, x);
    }

    @Override
    public void updateBlob(String label, InputStream x) throws SQLException {
        rs().updateBlob(label, x);
    }

    @Override
    public void updateBlob(String label, InputStream x, long y) throws SQLException {
        rs().updateBlob(label, x, y);
    }

    @Override
    public void updateBlob(int column, Blob x) throws SQLException {
        rs().updateBlob(column, x);
    }

    @Override
    public void updateBlob(int column, InputStream x) throws SQLException {
        rs().updateBlob(column, x);
    }

    @Override
    public void updateBlob(int column, InputStream x, long y) throws SQLException {
        rs().updateBlob(column, x, y);
    }

    @Override
    public void updateBoolean(String label, boolean x) throws SQLException {
        rs().updateBoolean(label, x);
    }

    @Override
    public void updateBoolean(int column, boolean x) throws SQLException {
        rs().updateBoolean(column, x);
    }

    @Override
    public void updateByte(String label, byte x) throws SQLException {
        rs().updateByte(label, x);
    }

    @Override
    public void updateByte(int column, byte x) throws SQLException {
        rs().updateByte(column, x);
    }

    @Override
    public void updateBytes(String label, byte[] x) throws SQLException {
        rs().updateBytes(label, x);
    }

    @Override
    public void updateBytes(int column, byte[] x) throws SQLException {
        rs().updateBytes(column, x);
    }

    @Override
    public void updateCharacterStream(String label, Reader x) throws SQLException {
        rs().updateCharacterStream(label, x);
    }

    @Override
    public void updateCharacterStream(String label, Reader x, int y) throws SQLException {
        rs().updateCharacterStream(label, x, y);
    }

    @Override
    public void updateCharacterStream(String label, Reader x, long y) throws SQLException {
        rs().updateCharacterStream(label, x, y);
    }

    @Override
    public void updateCharacterStream(int column, Reader x) throws SQLException {
        rs().updateCharacterStream(column, x);
    }

    @Override
    public void updateCharacterStream(int column, Reader x, int y) throws SQLException {
        rs().updateCharacterStream(column, x, y);
    }

    @Override
    public void updateCharacterStream(int column, Reader x, long y) throws SQLException {
        rs().updateCharacterStream(column, x, y);
    }

    @Override
    public void updateClob(String label, Clob x) throws SQLException {
        rs().updateClob(label, x);
    }

    @Override
    public void updateClob(String label, Reader x) throws SQLException {
        rs().updateClob(label, x);
    }

    @Override
    public void updateClob(String label, Reader x, long y) throws SQLException {
        rs().updateClob(label, x, y);
    }

    @Override
    public void updateClob(int column, Clob x) throws SQLException {
        rs().updateClob(column, x);
    }

    @Override
    public void updateClob(int column, Reader x) throws SQLException {
        rs().updateClob(column, x);
    }

    @Override
    public void updateClob(int column, Reader x, long y) throws SQLException {
        rs().updateClob(column, x, y);
    }

    @Override
    public void updateDate(String label, Date x) throws SQLException {
        rs().updateDate(label, x);
    }

    @Override
    public void updateDate(int column, Date x) throws SQLException {
        rs().updateDate(column, x);
    }

    @Override
    public void updateDouble(String label, double x) throws SQLException {
        rs().updateDouble(label, x);
    }

    @Override
    public void updateDouble(int column, double x) throws SQLException {
        rs().updateDouble(column, x);
    }

    @Override
    public void updateFloat(String label, float x) throws SQLException {
        rs().updateFloat(label, x);
    }

    @Override
    public void updateFloat(int column, float x) throws SQLException {
        rs().updateFloat(column, x);
    }

    @Override
    public void updateInt(String label, int x) throws SQLException {
        rs().updateInt(label, x);
    }

    @Override
    public void updateInt(int column, int x) throws SQLException {
        rs().updateInt(column, x);
    }

    @Override
    public void updateLong(String label, long x) throws SQLException {
        rs().updateLong(label, x);
    }

    @Override
    public void updateLong(int column, long x) throws SQLException {
        rs().updateLong(column, x);
    }

    @Override
    public void updateNCharacterStream(String label, Reader x) throws SQLException {
        rs().updateNCharacterStream(label, x);
    }

    @Override
    public void updateNCharacterStream(String label, Reader x, long y) throws SQLException {
        rs().updateNCharacterStream(label, x, y);
    }

    @Override
    public void updateNCharacterStream(int column, Reader x) throws SQLException {
        rs().updateNCharacterStream(column, x);
    }

    @Override
    public void updateNCharacterStream(int column, Reader x, long y) throws SQLException {
        rs().updateNCharacterStream(column, x, y);
    }

    @Override
    public void updateNClob(String label, NClob x) throws SQLException {
        rs().updateNClob(label, x);
    }

    @Override
    public void updateNClob(String label, Reader x) throws SQLException {
        rs().updateNClob(label, x);
    }

    @Override
    public void updateNClob(String label, Reader x, long y) throws SQLException {
        rs().updateNClob(label, x, y);
    }

    @Override
    public void updateNClob(int column, NClob x) throws SQLException {
        rs().updateNClob(column, x);
    }

    @Override
    public void updateNClob(int column, Reader x) throws SQLException {
        rs().updateNClob(column, x);
    }

    @Override
    public void updateNClob(int column, Reader x, long y) throws SQLException {
        rs().updateNClob(column, x, y);
    }

    @Override
    public void updateNString(String label, String x) throws SQLException {
        rs().updateNString(label, x);
    }

    @Override
    public void updateNString(int column, String x) throws SQLException {
        rs().updateNString(column, x);
    }

    @Override
    public void updateNull(String label) throws SQLException {
        rs().updateNull(label);
    }

    @Override
    public void updateNull(int column) throws SQLException {
        rs().updateNull(column);
    }

    @Override
    public void updateObject(String label, Object x) throws SQLException {
        rs().updateObject(label, x);
    }

    @Override
    public void updateObject(String label, Object x, SQLType y) throws SQLException {
        rs().updateObject(label, x, y);
    }

    @Override
    public void updateObject(String label, Object x, SQLType y, int z) throws SQLException {
        rs().updateObject(label, x, y, z);
    }

    @Override
    public void updateObject(String label, Object x, int y) throws SQLException {
        rs().updateObject(label, x, y);
    }

    @Override
    public void updateObject(int column, Object x) throws SQLException {
        rs().updateObject(column, x);
    }

    @Override
    public void updateObject(int column, Object x, SQLType y) throws SQLException {
        rs().updateObject(column, x, y);
    }

    @Override
    public void updateObject(int column, Object x, SQLType y, int z) throws SQLException {
        rs().updateObject(column, x, y, z);
    }

    @Override
    public void updateObject(int column, Object x, int y) throws SQLException {
        rs().updateObject(column, x, y);
    }

    @Override
    public void updateRef(String label, Ref x) throws SQLException {
        rs().updateRef(label, x);
    }

    @Override
    public void updateRef(int column, Ref x) throws SQLException {
        rs().updateRef(column, x);
    }

    @Override
    public void updateRow() throws SQLException {
        rs().updateRow();
    }

    @Override
    public void updateRowId(String label, RowId x) throws SQLException {
        rs().updateRowId(label, x);
    }

    @Override
    public void updateRowId(int column, RowId x) throws SQLException {
        rs().updateRowId(column, x);
    }

    @Override
    public void updateSQLXML(String label, SQLXML x) throws SQLException {
        rs().updateSQLXML(label, x);
    }

    @Override
    public void updateSQLXML(int column, SQLXML x) throws SQLException {
        rs().updateSQLXML(column, x);
    }

    @Override
    public void updateShort(String label, short x) throws SQLException {
        rs().updateShort(label, x);
    }

    @Override
    public void updateShort(int column, short x) throws SQLException {
        rs().updateShort(column, x);
    }

    @Override
    public void updateString(String label, String x) throws SQLException {
        rs().updateString(label, x);
    }

    @Override
    public void updateString(int column, String x) throws SQLException {
        rs().updateString(column, x);
    }

    @Override
    public void updateTime(String label, Time x) throws SQLException {
        rs().updateTime(label, x);
    }

    @Override
    public void updateTime(int column, Time x) throws SQLException {
        rs().updateTime(column, x);
    }

    @Override
    public void updateTimestamp(String label, Timestamp x) throws SQLException {
        rs().updateTimestamp(label, x);
    }

    @Override
    public void updateTimestamp(int column, Timestamp x) throws SQLException {
        rs().updateTimestamp(column, x);
    }

    @Override
    public boolean wasNull() throws SQLException {
        return rs().wasNull();
    }
}
