package io.fahren.postgres;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Makes tenant connections take part in the current JTA transaction. Fahren's pools are not
 * container data sources, so the transaction manager cannot enlist their connections itself.
 * Instead, the first connection a transaction asks for on behalf of a tenant is taken out of
 * auto-commit, shared by every later request of that transaction and tenant, committed in
 * {@code beforeCompletion} (so a failed commit rolls the whole transaction back) and rolled back
 * and handed back clean in {@code afterCompletion} otherwise.
 *
 * <p>Next to the pools so that any tenants-side user can join a transaction; the Hibernate
 * connection provider does, when its persistence unit uses JTA.
 *
 * <p>This is a one-phase resource, not XA: when the same transaction also changes another
 * resource (a JMS queue, a second database), Fahren's commit happens before the others are
 * prepared, and the two are not atomic.
 */
public final class JtaTenantConnections {

    private static final Logger LOG = Logger.getLogger(JtaTenantConnections.class.getName());
    /**
     * Where containers bind the registry: the standard name, then WildFly's global one (a
     * persistence unit starts on a server thread where {@code java:comp} is not set up).
     */
    private static final List<String> JNDI_NAMES = List.of("java:comp/TransactionSynchronizationRegistry",
            "java:jboss/TransactionSynchronizationRegistry");

    /** Opens a raw tenant connection. */
    @FunctionalInterface
    public interface Opener {
        /**
         * @return a new connection acting as the tenant
         * @throws SQLException when it cannot be opened
         */
        Connection open() throws SQLException;
    }

    private record Key(JtaTenantConnections owner, String tenant) {
    }

    private final TransactionSynchronizationRegistry registry;

    /** @param registry the transaction manager's registry, as {@link #lookup()} finds it */
    public JtaTenantConnections(TransactionSynchronizationRegistry registry) {
        this.registry = registry;
    }

    /**
     * @return the container's registry from JNDI ({@code java:comp/TransactionSynchronizationRegistry},
     *         or WildFly's {@code java:jboss/TransactionSynchronizationRegistry}), else a CDI bean of that type (as a transaction
     *         manager's CDI extension provides in Java SE), else null
     */
    public static TransactionSynchronizationRegistry lookup() {
        for (String name : JNDI_NAMES) {
            try {
                return (TransactionSynchronizationRegistry) new InitialContext().lookup(name);
            } catch (NamingException | RuntimeException | LinkageError e) {
                // not bound there (or not in a container): try the next, then CDI
            }
        }
        try {
            Instance<TransactionSynchronizationRegistry> bean = CDI.current().select(TransactionSynchronizationRegistry.class);
            return bean.isResolvable() ? bean.get() : null;
        } catch (IllegalStateException | LinkageError e) {
            return null; // no CDI container either
        }
    }

    /** @return whether a JTA transaction is associated with this thread and can still do work */
    public boolean inTransaction() {
        int status = registry.getTransactionStatus();
        return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
    }

    /**
     * @param tenant the tenant
     * @param opener opens a tenant connection when the transaction has none yet
     * @return a handle on the transaction's connection for the tenant; closing it does not end it
     */
    public Connection connection(String tenant, Opener opener) throws SQLException {
        Key key = new Key(this, tenant);
        Enlisted enlisted = (Enlisted) registry.getResource(key);
        if (enlisted == null) {
            Connection physical = opener.open();
            try {
                physical.setAutoCommit(false);
                enlisted = new Enlisted(tenant, physical);
                registry.registerInterposedSynchronization(enlisted);
                registry.putResource(key, enlisted);
            } catch (SQLException | RuntimeException e) {
                try {
                    physical.close();
                } catch (SQLException closing) {
                    e.addSuppressed(closing);
                }
                throw new SQLException("Tenant '" + tenant + "' could not join the current JTA transaction (status "
                        + registry.getTransactionStatus() + "); a transaction marked rollback-only accepts no new "
                        + "resources. Roll it back and start a new one.", e);
            }
        }
        return enlisted.handle();
    }

    /** One tenant's connection for the span of one transaction. */
    private final class Enlisted implements Synchronization {

        private final String tenant;
        private final Connection physical;
        private volatile boolean committed;

        Enlisted(String tenant, Connection physical) {
            this.tenant = tenant;
            this.physical = physical;
        }

        Connection handle() {
            return (Connection) Proxy.newProxyInstance(JtaTenantConnections.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, new Handle(this));
        }

        @Override
        public void beforeCompletion() {
            if (registry.getTransactionStatus() != Status.STATUS_ACTIVE) {
                return; // marked rollback-only: afterCompletion rolls back
            }
            try {
                physical.commit();
                committed = true;
            } catch (SQLException e) {
                throw new IllegalStateException("Committing tenant '" + tenant + "''s work failed, so the JTA "
                        + "transaction rolls back: " + e.getMessage(), e);
            }
        }

        @Override
        public void afterCompletion(int status) {
            try {
                physical.close(); // rolls back what was not committed, resets the binding, or evicts the connection
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "Giving tenant '" + tenant + "''s connection back after its JTA transaction "
                        + "failed; the connection is discarded", e);
            }
            if (status == Status.STATUS_COMMITTED && !committed) {
                LOG.warning("The JTA transaction committed but tenant '" + tenant + "''s work was rolled back: "
                        + "its commit was skipped because the transaction was not active in beforeCompletion");
            }
        }
    }

    /** What the application and Hibernate see: the shared connection, which they may not end. */
    private static final class Handle implements java.lang.reflect.InvocationHandler {

        private final Enlisted enlisted;
        private boolean closed;

        Handle(Enlisted enlisted) {
            this.enlisted = enlisted;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close":
                    closed = true;
                    return null;
                case "isClosed":
                    return closed || enlisted.physical.isClosed();
                case "commit", "setAutoCommit", "rollback":
                    if (method.getName().equals("setAutoCommit") && Boolean.FALSE.equals(args[0])) {
                        return null;
                    }
                    if (!(method.getName().equals("rollback") && method.getParameterCount() == 1)) {
                        throw new SQLException("Tenant '" + enlisted.tenant + "''s connection belongs to the current "
                                + "JTA transaction: commit or roll back the transaction, not the connection.");
                    }
                    break;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "JTA connection of tenant '" + enlisted.tenant + "'";
                default:
                    break;
            }
            if (closed) {
                throw new SQLException("This connection handle is closed");
            }
            if (enlisted.committed) {
                throw new SQLException("Tenant '" + enlisted.tenant + "''s work in this JTA transaction was already "
                        + "committed; nothing more can run on it. A synchronization ran after Fahren's commit.");
            }
            try {
                return method.invoke(enlisted.physical, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
