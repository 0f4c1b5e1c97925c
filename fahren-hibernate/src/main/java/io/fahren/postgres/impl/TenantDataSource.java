package io.fahren.postgres.impl;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose connections are bound to the current tenant when handed out and reset (or
 * simply given back) when closed.
 */
public final class TenantDataSource implements DataSource {

    /** JDBC work on a connection. */
    @FunctionalInterface
    public interface ConnectionStep {
        /** @param c the connection */
        void apply(Connection c) throws SQLException;
    }

    /** Where raw connections come from. */
    @FunctionalInterface
    public interface ConnectionSupplier {
        /** @return a raw pooled connection */
        Connection get() throws SQLException;
    }

    private final ConnectionSupplier pool;
    private final ConnectionStep bind;
    private final ConnectionStep release;

    /**
     * @param pool where raw connections come from
     * @param bind binds a fresh connection to the current tenant
     * @param release resets it (or evicts it) before it goes back
     */
    public TenantDataSource(ConnectionSupplier pool, ConnectionStep bind, ConnectionStep release) {
        this.pool = pool;
        this.bind = bind;
        this.release = release;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return bound(pool.get(), bind, release);
    }

    /**
     * Binds a raw connection, and wraps it so that closing it releases (resets or evicts) it first.
     *
     * @param c a raw pooled connection
     * @param bind binds it to a tenant
     * @param release resets it before it goes back
     * @return the bound connection; if binding fails, the connection is released and closed
     */
    public static Connection bound(Connection c, ConnectionStep bind, ConnectionStep release) throws SQLException {
        try {
            bind.apply(c);
        } catch (SQLException | RuntimeException e) {
            try {
                release.apply(c);
            } finally {
                c.close();
            }
            throw e;
        }
        return (Connection) Proxy.newProxyInstance(TenantDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        if (!c.isClosed()) {
                            try {
                                release.apply(c);
                            } finally {
                                c.close();
                            }
                        }
                        return null;
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Tenant connections use the configured login; "
                + "getConnection(user, password) is not supported");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        throw new SQLFeatureNotSupportedException("Configure logging on Fahren's pools instead");
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("Configure timeouts on Fahren's pools instead");
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.fahren.postgres");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("The tenant data source cannot be unwrapped: its pool must not be used without a tenant");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
