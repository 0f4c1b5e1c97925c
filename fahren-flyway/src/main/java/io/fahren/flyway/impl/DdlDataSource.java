package io.fahren.flyway.impl;

import io.fahren.postgres.TenantDdl;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections for one tenant's migration: the {@link TenantDdl}'s login, acting as its role. Not
 * pooled: a migration holds one or two connections for a short while, and its connections must
 * never go back to a pool still acting as a tenant's role. The role is set by a bound value.
 */
public final class DdlDataSource implements DataSource {

    private final TenantDdl ddl;

    /** @param ddl where the tenant's changes run */
    public DdlDataSource(TenantDdl ddl) {
        this.ddl = ddl;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", ddl.login().username());
        login.setProperty("password", ddl.login().password());
        login.setProperty("ApplicationName", "fahren-migrations");
        Connection c = DriverManager.getConnection(ddl.login().url(), login);
        if (ddl.role() != null) {
            try (PreparedStatement p = c.prepareStatement("SELECT pg_catalog.set_config('role', ?, false)")) {
                p.setString(1, ddl.role());
                p.execute();
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("A tenant's migrations use the login its strategy names");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getLogger("io.fahren.flyway");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("A tenant's migration data source cannot be unwrapped");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }

    @Override
    public String toString() {
        return "migrations of " + ddl;
    }
}
