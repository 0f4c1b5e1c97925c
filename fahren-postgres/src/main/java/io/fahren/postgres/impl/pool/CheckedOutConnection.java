package io.fahren.postgres.impl.pool;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * What tenant code holds while it has a pooled connection: a wrapper that dies with the checkout.
 *
 * <ul>
 *   <li>{@code close()} releases the pooled connection (reset, or evicted when the reset fails) and
 *       makes the wrapper unusable.</li>
 *   <li>Nothing reaches the pooled or the physical connection: {@code unwrap} answers only for the
 *       wrapper's own interfaces, and every statement, result set, array and metadata object it
 *       hands out is wrapped the same way, their {@code getConnection()} answering the wrapper.
 *       Otherwise the physical connection could be kept past {@code close()} and would then act
 *       as the next borrower's tenant.</li>
 *   <li>Before any statement runs, the {@link CheckoutHooks#beforeStatement} hook may bind the
 *       connection (session binding binds it, if it is not bound to the tenant already, before the
 *       checkout's first statement; transaction binding binds each transaction); before any other
 *       call that may reach the server, {@link CheckoutHooks#beforeServerCall}. A prepared
 *       statement may carry the binding instead ({@link TenantPreparedStatement}).</li>
 * </ul>
 *
 * <p>The wrappers are written out rather than made as dynamic proxies: every JDBC call of tenant
 * code goes through them, and a reflective call on each costs a sticky checkout a measurable part
 * of its time ({@code docs/performance.md}). The rarely used callable statements and database
 * metadata are {@linkplain ReflectivePart proxies}.
 */
final class CheckedOutConnection extends CheckoutPart implements Connection {

    private final Connection pooled;
    private final CheckoutHooks hooks;
    private volatile boolean closed;

    private CheckedOutConnection(Connection pooled, CheckoutHooks hooks) {
        super(pooled);
        this.pooled = pooled;
        this.hooks = hooks;
    }

    /**
     * @param pooled a pooled connection, already bound as the hooks need
     * @param hooks what happens around the work
     * @return the connection tenant code may hold
     */
    static Connection wrap(Connection pooled, CheckoutHooks hooks) {
        return new CheckedOutConnection(pooled, hooks);
    }

    /** @throws SQLException when the checkout has ended: nothing it handed out may be used */
    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("This tenant connection is closed; take a new one.", "08003");
        }
    }

    /** @return the pooled connection, for a call pgjdbc answers from what it holds */
    private Connection local() throws SQLException {
        checkOpen();
        return pooled;
    }

    /** @return the pooled connection, bound as the hooks need before a call that may reach the server */
    private Connection server(String method) throws SQLException {
        checkOpen();
        hooks.beforeServerCall(pooled, method);
        return pooled;
    }

    /** Before a statement of the checkout runs: the binding, when one is due. */
    void beforeStatement() throws SQLException {
        hooks.beforeStatement(pooled);
    }

    /**
     * @param e how a statement of the checkout failed
     * @return the same exception, once the hooks know
     */
    SQLException failed(SQLException e) {
        hooks.statementFailed(pooled);
        return e;
    }

    /** @return whether prepared statements must record their parameters ({@link CheckoutHooks#mayPiggyback}) */
    boolean mayPiggyback() {
        return hooks.mayPiggyback();
    }

    /** @return the binding a statement about to run should carry, or null ({@link CheckoutHooks#piggyback}) */
    Piggyback.Prefix piggyback() throws SQLException {
        return hooks.piggyback(pooled);
    }

    /**
     * @param e how a statement that carried the binding of {@link #piggyback} failed
     * @return the same exception, once the hooks know
     */
    SQLException piggybackFailed(SQLException e) {
        hooks.piggybackFailed(pooled);
        return e;
    }

    /** A statement carried the binding of {@link #piggyback} and succeeded. */
    void piggybacked() throws SQLException {
        hooks.piggybacked(pooled);
    }

    /** @return the pooled connection, to prepare the statement that carries a binding on */
    Connection pooled() {
        return pooled;
    }

    /**
     * @param results a result set of the checkout, or null
     * @param statement the wrapper of the statement that made it, or null to wrap its own on demand
     * @return the result set tenant code may hold
     */
    ResultSet results(ResultSet results, Statement statement) {
        return results == null ? null : new TenantResultSet(this, statement, results);
    }

    /**
     * @param statement a statement pgjdbc made for a result set of its own (metadata, arrays)
     * @return the statement tenant code may hold
     */
    Statement statement(Statement statement) {
        return statement == null ? null : new TenantStatement(this, statement);
    }

    /**
     * @param value a column or out-parameter value
     * @return the value, an array or a result set (a {@code refcursor}) wrapped: both reach their
     *         connection through {@code getStatement()}
     */
    Object value(Object value) {
        if (value instanceof Array array && !(array instanceof TenantArray)) {
            return new TenantArray(this, array);
        }
        if (value instanceof ResultSet results && !(results instanceof TenantResultSet)) {
            return results(results, null);
        }
        return value;
    }

    /**
     * @param value a value pgjdbc returned as the type asked for
     * @param type the type
     * @return the value wrapped as {@link #value(Object)} does
     * @throws SQLException when the type asked for is one of pgjdbc's own
     */
    <T> T value(T value, Class<T> type) throws SQLException {
        Object wrapped = value(value);
        if (!type.isInstance(wrapped)) {
            throw new SQLException("A tenant connection's values cannot be read as " + type.getName()
                    + ": pgjdbc's own arrays and result sets reach the connection past the checkout. Read them as "
                    + "java.sql.Array or java.sql.ResultSet.");
        }
        return type.cast(wrapped);
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            if (!pooled.isClosed()) { // closed under it (evicted, aborted): nothing to give back
                hooks.release(pooled);
            }
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || pooled.isClosed();
    }

    @Override
    public String toString() {
        return "tenant connection" + (closed ? " (closed)" : "");
    }

    @Override
    public Statement createStatement() throws SQLException {
        return new TenantStatement(this, local().createStatement());
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        return new TenantStatement(this, local().createStatement(type, concurrency));
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        return new TenantStatement(this, local().createStatement(type, concurrency, holdability));
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return new TenantPreparedStatement(this, local().prepareStatement(sql), Piggyback.of(sql));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        return new TenantPreparedStatement(this, local().prepareStatement(sql, type, concurrency),
                Piggyback.of(sql, type, concurrency));
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
            throws SQLException {
        return new TenantPreparedStatement(this, local().prepareStatement(sql, type, concurrency, holdability),
                Piggyback.of(sql, type, concurrency, holdability));
    }

    // generated keys: a statement whose SQL pgjdbc rewrites cannot carry a binding

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return new TenantPreparedStatement(this, local().prepareStatement(sql, autoGeneratedKeys), null);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return new TenantPreparedStatement(this, local().prepareStatement(sql, columnIndexes), null);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return new TenantPreparedStatement(this, local().prepareStatement(sql, columnNames), null);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return ReflectivePart.callable(this, local().prepareCall(sql));
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        return ReflectivePart.callable(this, local().prepareCall(sql, type, concurrency));
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        return ReflectivePart.callable(this, local().prepareCall(sql, type, concurrency, holdability));
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return ReflectivePart.metaData(this, server("getMetaData").getMetaData());
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return (Array) value(server("createArrayOf").createArrayOf(typeName, elements));
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        hooks.checkAutoCommit(autoCommit);
        server("setAutoCommit").setAutoCommit(autoCommit);
        hooks.afterTransaction(pooled);
    }

    @Override
    public void commit() throws SQLException {
        server("commit").commit();
        hooks.afterTransaction(pooled);
    }

    @Override
    public void rollback() throws SQLException {
        server("rollback").rollback();
        hooks.afterTransaction(pooled);
    }

    // calls pgjdbc answers from what it holds

    @Override
    public void abort(Executor x) throws SQLException {
        local().abort(x);
    }

    @Override
    public void clearWarnings() throws SQLException {
        local().clearWarnings();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return local().createBlob();
    }

    @Override
    public Clob createClob() throws SQLException {
        return local().createClob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return local().createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return local().createSQLXML();
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return local().createStruct(typeName, attributes);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return local().getAutoCommit();
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return local().getClientInfo();
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return local().getClientInfo(name);
    }

    @Override
    public int getHoldability() throws SQLException {
        return local().getHoldability();
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return local().getNetworkTimeout();
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return local().getTypeMap();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return local().getWarnings();
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return local().isReadOnly();
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return local().nativeSQL(sql);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        local().setHoldability(holdability);
    }

    // calls that may reach the server

    @Override
    public void beginRequest() throws SQLException {
        server("beginRequest").beginRequest();
    }

    @Override
    public void endRequest() throws SQLException {
        server("endRequest").endRequest();
    }

    @Override
    public String getCatalog() throws SQLException {
        return server("getCatalog").getCatalog();
    }

    @Override
    public String getSchema() throws SQLException {
        return server("getSchema").getSchema();
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return server("getTransactionIsolation").getTransactionIsolation();
    }

    @Override
    public boolean isValid(int seconds) throws SQLException {
        return server("isValid").isValid(seconds);
    }

    @Override
    public void releaseSavepoint(Savepoint x) throws SQLException {
        server("releaseSavepoint").releaseSavepoint(x);
    }

    @Override
    public void rollback(Savepoint x) throws SQLException {
        server("rollback").rollback(x);
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        server("setCatalog").setCatalog(catalog);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        clientInfoTarget().setClientInfo(properties);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        clientInfoTarget().setClientInfo(name, value);
    }

    /** {@link #server} for the two methods that may only throw {@link SQLClientInfoException}. */
    private Connection clientInfoTarget() throws SQLClientInfoException {
        try {
            return server("setClientInfo");
        } catch (SQLClientInfoException e) {
            throw e;
        } catch (SQLException e) {
            throw new SQLClientInfoException(e.getMessage(), e.getSQLState(), e.getErrorCode(), Map.of(), e);
        }
    }

    @Override
    public void setNetworkTimeout(Executor x, int y) throws SQLException {
        server("setNetworkTimeout").setNetworkTimeout(x, y);
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        server("setReadOnly").setReadOnly(readOnly);
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return server("setSavepoint").setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return server("setSavepoint").setSavepoint(name);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        server("setSchema").setSchema(schema);
    }

    @Override
    public void setShardingKey(ShardingKey x) throws SQLException {
        server("setShardingKey").setShardingKey(x);
    }

    @Override
    public void setShardingKey(ShardingKey x, ShardingKey y) throws SQLException {
        server("setShardingKey").setShardingKey(x, y);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey x, ShardingKey y, int z) throws SQLException {
        return server("setShardingKeyIfValid").setShardingKeyIfValid(x, y, z);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey x, int y) throws SQLException {
        return server("setShardingKeyIfValid").setShardingKeyIfValid(x, y);
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        server("setTransactionIsolation").setTransactionIsolation(level);
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> x) throws SQLException {
        server("setTypeMap").setTypeMap(x);
    }
}
