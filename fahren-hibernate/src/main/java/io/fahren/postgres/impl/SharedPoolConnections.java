package io.fahren.postgres.impl;

import io.fahren.impl.ActiveTenants;
import com.zaxxer.hikari.HikariDataSource;
import io.fahren.TenantId;
import io.fahren.Tenants;
import io.fahren.postgres.BindingMode;
import io.fahren.postgres.ConnectionWork;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One pool for every tenant: a connection is bound to the tenant for the span of the work and
 * given back clean, or thrown away when the reset fails.
 */
public final class SharedPoolConnections implements TenantConnections {

    private final HikariDataSource pool;
    private final Isolation isolation;
    private final boolean local;
    /** False while part of the login check waits for the strategy's setup (RLS with autoSetup). */
    private volatile boolean loginChecked;

    /**
     * Checks the login before anything is handed out (what depends on the strategy's setup, once
     * it is done: before the first binding).
     *
     * @param pool the tenants-side pool; closed here if the login is refused
     * @param isolation binds and resets connections
     */
    public SharedPoolConnections(HikariDataSource pool, Isolation isolation) {
        this.pool = pool;
        this.isolation = isolation;
        this.local = isolation.options().bindingMode() == BindingMode.TRANSACTION;
        try (Connection c = pool.getConnection()) {
            loginChecked = isolation.checkTenantsLogin(c);
        } catch (SQLException e) {
            pool.close();
            throw RlsIsolation.failure("checking the tenants-side login", e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Finishes a login check that had to wait for the strategy's setup; a no-op once done. */
    private void checkLogin() throws SQLException {
        if (loginChecked) {
            return;
        }
        synchronized (this) {
            if (!loginChecked) {
                try (Connection c = pool.getConnection()) {
                    loginChecked = isolation.checkTenantsLogin(c);
                }
            }
        }
    }

    @Override
    public <T> T call(TenantId tenantId, ConnectionWork<T> work) throws SQLException {
        checkLogin();
        try (Connection c = pool.getConnection()) {
            return local ? inTransaction(c, tenantId, work) : inSession(c, tenantId, work);
        }
    }

    @Override
    public Connection open(TenantId tenantId) throws SQLException {
        checkLogin();
        return TenantDataSource.bound(pool.getConnection(), c -> isolation.bind(c, tenantId, false), this::release);
    }

    @Override
    public DataSource dataSource(ActiveTenants active) {
        if (local) {
            throw new IllegalStateException("dataSource() needs BindingMode.SESSION: in TRANSACTION mode the tenant is "
                    + "bound per transaction by queryAs/withConnection, which a plain DataSource cannot do.");
        }
        return new TenantDataSource(pool::getConnection, c -> {
            TenantId id = Tenants.require();
            active.require(id);
            checkLogin();
            isolation.bind(c, id, false);
        }, this::release);
    }

    @Override
    public HikariDataSource sharedPool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    private <T> T inSession(Connection c, TenantId id, ConnectionWork<T> work) throws SQLException {
        try {
            isolation.bind(c, id, false);
            return work.apply(c);
        } finally {
            release(c);
        }
    }

    private <T> T inTransaction(Connection c, TenantId id, ConnectionWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            isolation.bind(c, id, true);
            T result = work.apply(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Resets a session-bound connection, or throws it away when the reset fails. An open
     * transaction is rolled back and auto-commit restored first: a reset run inside a transaction
     * would be undone by the pool's own rollback on return, leaving the tenant on the connection.
     */
    private void release(Connection c) throws SQLException {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            isolation.unbind(c);
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(c);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "shared pool " + pool.getJdbcUrl() + " as " + pool.getUsername() + ", " + isolation.options().bindingMode();
    }
}
