package io.fahren.postgres.impl.pool;

import io.fahren.postgres.PostgresEngine.Connections;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.internal.ActiveTenants;
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
public final class SharedPoolConnections implements Connections {

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
            throw Sql.failure("checking the tenants-side login", e);
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
        Connection c = open(tenantId);
        try (c) {
            if (!local) {
                return work.apply(c);
            }
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public Connection open(TenantId tenantId) throws SQLException {
        checkLogin();
        return checkOut(pool.getConnection(), tenantId);
    }

    @Override
    public DataSource dataSource(ActiveTenants active) {
        return new TenantDataSource(() -> {
            TenantId id = Tenants.require();
            active.require(id);
            return open(id);
        });
    }

    /**
     * Binds a pooled connection and hands out the proxy that dies with the checkout. With session
     * binding the connection is bound now and reset when given back; with transaction binding it
     * is bound, and cleared of other sessions' state, at the start of each of its transactions.
     */
    private Connection checkOut(Connection pooled, TenantId tenantId) throws SQLException {
        try {
            CheckedOutConnection.Hooks hooks;
            if (local) {
                pooled.setAutoCommit(false);
                hooks = new TransactionBinding(tenantId);
            } else {
                isolation.bind(pooled, tenantId, false, "");
                hooks = c -> release(c, true);
            }
            return CheckedOutConnection.wrap(pooled, hooks);
        } catch (SQLException | RuntimeException e) {
            try {
                release(pooled, !local);
            } catch (SQLException | RuntimeException releasing) {
                e.addSuppressed(releasing);
            }
            throw e;
        }
    }

    /**
     * Gives a connection back: its transaction rolled back (read from the server), and with
     * session binding its whole session discarded. A connection that cannot be reset is evicted.
     */
    private void release(Connection pooled, boolean discard) throws SQLException {
        try {
            if (discard) {
                SessionReset.discardAll(pooled);
            } else {
                SessionReset.endTransaction(pooled);
            }
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(pooled);
            throw e;
        } finally {
            pooled.close();
        }
    }

    /**
     * Transaction binding: before the first statement of every transaction, the session is
     * cleared of what any other client left on it and bound to the tenant for that transaction
     * only, in one round trip. Auto-commit stays off, since a statement outside a transaction
     * could not be bound.
     */
    private final class TransactionBinding implements CheckedOutConnection.Hooks {
        private final TenantId tenantId;
        private boolean bound;

        TransactionBinding(TenantId tenantId) {
            this.tenantId = tenantId;
        }

        @Override
        public void beforeStatement(Connection pooled) throws SQLException {
            boolean open = SessionReset.inTransaction(pooled);
            if (bound && open) {
                return;
            }
            isolation.bind(pooled, tenantId, true, SessionReset.inTransaction(!open, pooled.isReadOnly()));
            bound = true;
        }

        @Override
        public void afterTransaction(Connection pooled) {
            bound = false;
        }

        @Override
        public void checkAutoCommit(boolean autoCommit) throws SQLException {
            if (autoCommit) {
                throw new SQLException("With transaction binding (fahren.postgres.binding-mode=transaction) a tenant "
                        + "connection stays out of auto-commit: the tenant is bound per transaction, and a statement "
                        + "outside one could not be. Commit or roll back instead.");
            }
        }

        @Override
        public void release(Connection pooled) throws SQLException {
            SharedPoolConnections.this.release(pooled, false);
        }
    }

    @Override
    public HikariDataSource sharedPool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "shared pool " + pool.getJdbcUrl() + " as " + pool.getUsername() + ", " + isolation.options().bindingMode();
    }
}
