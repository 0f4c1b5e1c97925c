package io.fahren.postgres.impl.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose connections come from a tenant checkout: acting as the tenant current when
 * they were handed out, and never unwrappable.
 */
public final class TenantDataSource implements DataSource {

    /** Where checked-out tenant connections come from. */
    @FunctionalInterface
    public interface ConnectionSupplier {
        /** @return a tenant connection of the current tenant */
        Connection get() throws SQLException;
    }

    private final ConnectionSupplier checkouts;

    /**
     * @param checkouts opens a checkout for the current tenant
     */
    public TenantDataSource(ConnectionSupplier checkouts) {
        this.checkouts = checkouts;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return checkouts.get();
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
