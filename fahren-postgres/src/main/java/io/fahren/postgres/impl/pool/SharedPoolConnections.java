package io.fahren.postgres.impl.pool;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.fahren.SharedPoolStats;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.Tenants;
import io.fahren.internal.ActiveTenants;
import io.fahren.internal.Exclusive;
import io.fahren.postgres.BindingMode;
import io.fahren.postgres.ConnectionWork;
import io.fahren.postgres.PostgresEngine.Connections;
import io.fahren.postgres.impl.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;

/**
 * One pool for every tenant. No statement runs on a connection before it is cleared of any other
 * tenant's session state and bound to the tenant of the checkout: in the round trip of the first
 * statement where that statement can carry it ({@link Piggyback}), else in a round trip of its own
 * just before. With session binding a connection rests in the pool bound to its last tenant, and
 * a checkout by that tenant sends nothing; with transaction binding every transaction is bound.
 */
public final class SharedPoolConnections implements Connections {

    private final HikariDataSource pool;
    private final Isolation isolation;
    private final boolean local;
    /** The tenant each server session was last bound to (session binding). */
    private final SessionBindings bindings;
    /**
     * Bindings sent in a round trip of their own, bindings that travelled with a statement, and
     * checkouts (session binding) that found their connection bound already.
     */
    private final LongAdder switches = new LongAdder();
    private final LongAdder piggybacks = new LongAdder();
    private final LongAdder reuses = new LongAdder();
    private final LongAdder bindingFailures = new LongAdder();
    /** False while part of the login check waits for the strategy's setup (RLS with autoSetup). */
    private final Exclusive loginCheck = new Exclusive();
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
        this.bindings = new SessionBindings(pool.getMaximumPoolSize());
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
        loginCheck.run(() -> {
            if (!loginChecked) {
                try (Connection c = pool.getConnection()) {
                    loginChecked = isolation.checkTenantsLogin(c);
                }
            }
        });
    }

    @Override
    public Optional<SharedPoolStats> sharedPoolStats() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return bean == null ? Optional.empty() : Optional.of(SharedPoolStats.of(bean.getActiveConnections(),
                bean.getIdleConnections(), pool.getMaximumPoolSize(), bean.getThreadsAwaitingConnection(),
                bindingFailures.sum()));
    }

    /** Binds in a round trip of its own, counting a failure. */
    private void bind(Connection pooled, TenantId tenantId, boolean local, String before) throws SQLException {
        try {
            isolation.bind(pooled, tenantId, local, before);
        } catch (SQLException | RuntimeException e) {
            bindingFailures.increment();
            throw e;
        }
    }

    @Override
    public <T> T call(Tenant tenant, ConnectionWork<T> work) throws SQLException {
        Connection c = open(tenant);
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
    public Connection open(Tenant tenant) throws SQLException {
        checkLogin();
        return checkOut(pool.getConnection(), tenant);
    }

    @Override
    public DataSource dataSource(ActiveTenants active) {
        return new TenantDataSource(() -> {
            return open(active.require(Tenants.require()));
        });
    }

    /**
     * Hands out the proxy that dies with the checkout; nothing is sent yet. With session binding the
     * connection is bound (if it is not bound to this tenant already) before the checkout's first
     * statement, and given back with its transaction ended; with transaction binding it is bound, and
     * cleared of other sessions' state, at the start of each of its transactions.
     */
    private Connection checkOut(Connection pooled, Tenant tenant) throws SQLException {
        try {
            CheckoutHooks hooks;
            if (local) {
                pooled.setAutoCommit(false);
                hooks = new TransactionBinding(tenant.id());
            } else {
                hooks = new SessionBinding(tenant, SessionBindings.physical(pooled));
            }
            return CheckedOutConnection.wrap(pooled, hooks);
        } catch (SQLException | RuntimeException e) {
            try {
                release(pooled);
            } catch (SQLException | RuntimeException releasing) {
                e.addSuppressed(releasing);
            }
            throw e;
        }
    }

    /**
     * Gives a connection back with its transaction rolled back (read from the server) and
     * auto-commit on. A connection that cannot be reset is evicted.
     */
    private void release(Connection pooled) throws SQLException {
        try {
            SessionReset.endTransaction(pooled);
        } catch (SQLException | RuntimeException e) {
            pool.evictConnection(pooled);
            throw e;
        } finally {
            pooled.close();
        }
    }

    /**
     * Session binding: the server session stays bound to its last tenant in the pool. Before the
     * first statement of a checkout (or any other call that reaches the server), a session bound
     * to this tenant is used as it is; any other is cleared of the previous tenant's session state
     * and bound, in one round trip. The binding is sent outside any transaction, so that tenant
     * code rolling back cannot undo it.
     */
    private final class SessionBinding implements CheckoutHooks {
        private final Tenant tenant;
        private final BaseConnection physical;
        private boolean bound;

        /** Only this checkout changes its connection's record until it ends: read once, here. */
        SessionBinding(Tenant tenant, BaseConnection physical) {
            this.tenant = tenant;
            this.physical = physical;
            this.bound = bindings.isBoundTo(physical, tenant);
            if (bound) {
                reuses.increment();
            }
        }

        @Override
        public void beforeStatement(Connection pooled) throws SQLException {
            if (bound) {
                return;
            }
            bindings.forget(physical);
            if (SessionReset.inTransaction(pooled)) { // never bind inside a transaction tenant code may roll back
                throw new SQLException("Internal error: a tenant connection is in a transaction before its binding.");
            }
            bind(pooled, tenant.id(), false, SessionReset.CLEAR);
            bindings.bound(physical, tenant);
            switches.increment();
            bound = true;
        }

        @Override
        public boolean mayPiggyback() {
            return !bound;
        }

        /**
         * A binding is due and may travel with the statement: the session is not bound to this
         * tenant, and auto-commit is on with no transaction open, so the binding commits with it.
         */
        @Override
        public Piggyback.Prefix piggyback(Connection pooled) throws SQLException {
            if (bound || !pooled.getAutoCommit() || SessionReset.inTransaction(pooled)) {
                return null;
            }
            bindings.forget(physical);
            // the batch is one transaction, begun with the previous tenant's defaults: made read-write
            // (unless the application asked for read-only) before its first statement
            return Piggyback.Prefix.of(SessionReset.inTransaction(true, pooled.isReadOnly()),
                    isolation.binding(tenant.id(), false));
        }

        @Override
        public void piggybacked(Connection pooled) throws SQLException {
            if (SessionReset.inTransaction(pooled)) { // cannot happen for the statements that carry one
                throw new SQLException("Internal error: the statement that carried the tenant binding left a "
                        + "transaction open, so the binding is not committed. The connection will be cleared.");
            }
            bindings.bound(physical, tenant);
            bound = true;
            piggybacks.increment();
        }

        @Override
        public void beforeServerCall(Connection pooled, String method) throws SQLException {
            if (method.equals("setSchema") || method.equals("setCatalog")) {
                bindings.forget(physical); // may change the search_path the binding set
            }
            beforeStatement(pooled);
        }

        @Override
        public void statementFailed(Connection pooled) {
            bindings.forget(physical); // whatever failed, the next checkout starts from a known state
        }

        @Override
        public void piggybackFailed(Connection pooled) {
            bindingFailures.increment();
            statementFailed(pooled);
        }

        @Override
        public void release(Connection pooled) throws SQLException {
            try {
                SharedPoolConnections.this.release(pooled);
            } catch (SQLException | RuntimeException e) {
                bindings.forget(physical);
                throw e;
            }
        }
    }

    /**
     * Transaction binding: before the first statement of every transaction, the session is
     * cleared of what any other client left on it and bound to the tenant for that transaction
     * only, in one round trip. Auto-commit stays off, since a statement outside a transaction
     * could not be bound.
     */
    private final class TransactionBinding implements CheckoutHooks {
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
            bind(pooled, tenantId, true, SessionReset.inTransaction(!open, pooled.isReadOnly()));
            bound = true;
            switches.increment();
        }

        /** The transaction's clearing and binding travel with its first statement when it can carry them. */
        @Override
        public Piggyback.Prefix piggyback(Connection pooled) throws SQLException {
            boolean open = SessionReset.inTransaction(pooled);
            if (bound && open) {
                return null;
            }
            return Piggyback.Prefix.of(SessionReset.inTransaction(!open, pooled.isReadOnly()),
                    isolation.binding(tenantId, true));
        }

        @Override
        public void piggybacked(Connection pooled) {
            bound = true;
            piggybacks.increment();
        }

        @Override
        public void piggybackFailed(Connection pooled) {
            bindingFailures.increment();
        }

        @Override
        public boolean mayPiggyback() {
            return true;
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
            SharedPoolConnections.this.release(pooled);
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
        return "shared pool " + pool.getJdbcUrl() + " as " + pool.getUsername() + ", " + isolation.options().bindingMode()
                + " (bindings in a round trip of their own: " + switches.sum() + ", with a statement: " + piggybacks.sum()
                + (local ? "" : ", checkouts found bound: " + reuses.sum()) + ")";
    }
}
