package io.fahren.hibernate;

import io.fahren.TenantId;
import io.fahren.Tenants;
import io.fahren.postgres.JtaTenantConnections;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Query;
import jakarta.persistence.SynchronizationType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Hands out one {@link EntityManager} that can be shared by every thread and tenant: each call goes
 * to the persistence context of the current tenant and the current transaction, never to one
 * shared {@code EntityManager} used by two threads at once.
 *
 * <ul>
 *   <li>With a JTA unit, in a JTA transaction (found through
 *       {@code TransactionSynchronizationRegistry}), the context is bound to the transaction and
 *       the tenant, and closed when the transaction ends.</li>
 *   <li>With a resource-local unit, {@code getTransaction().begin()} binds a context to the thread
 *       and the tenant until {@code commit()} or {@code rollback()}. A transaction that is begun
 *       and never ended keeps its context (and connection) bound to the thread: always end it in
 *       a {@code finally} block.</li>
 *   <li>Outside any transaction, each call gets its own short-lived context (queries are closed
 *       after they run), so entities it returns are detached.</li>
 * </ul>
 *
 * <pre>{@code
 * EntityManager em = new TenantPersistenceContexts(entityManagerFactory).entityManager();
 * Tenants.runAs("acme", () -> {
 *     em.getTransaction().begin();
 *     em.persist(order);
 *     em.getTransaction().commit();
 * });
 * }</pre>
 */
public final class TenantPersistenceContexts {

    private static final Set<String> QUERY_RESULTS = Set.of("getResultList", "getSingleResult",
            "getSingleResultOrNull", "executeUpdate", "getResultStream");

    private final EntityManagerFactory factory;
    private final TransactionSynchronizationRegistry jta;
    /** Whether the unit uses JTA; learnt from its first session inside a JTA transaction. */
    private volatile Boolean jtaUnit;
    private final ThreadLocal<Map<TenantId, EntityManager>> local = ThreadLocal.withInitial(HashMap::new);

    /**
     * For a resource-local unit, or a JTA unit where the transaction registry can be found: in JNDI
     * ({@code java:comp/TransactionSynchronizationRegistry}) in a container, or as a CDI bean.
     *
     * @param factory the multi-tenant persistence unit (configured with Fahren's connection provider)
     */
    public TenantPersistenceContexts(EntityManagerFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.jta = JtaTenantConnections.lookup();
    }

    /**
     * For a JTA unit in Java SE, where neither JNDI nor CDI has the transaction registry.
     *
     * @param factory the multi-tenant JTA persistence unit
     * @param registry the transaction manager's synchronization registry
     */
    public TenantPersistenceContexts(EntityManagerFactory factory, TransactionSynchronizationRegistry registry) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.jta = Objects.requireNonNull(registry, "registry");
    }

    /** @return the shared, thread-safe entity manager */
    public EntityManager entityManager() {
        return (EntityManager) Proxy.newProxyInstance(TenantPersistenceContexts.class.getClassLoader(),
                new Class<?>[] {EntityManager.class}, this::dispatch);
    }

    private Object dispatch(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getTransaction":
                return new LocalTransaction(Tenants.require());
            case "close":
                throw new IllegalStateException("The injected EntityManager is managed by Fahren; it cannot be closed.");
            case "isOpen":
                return true;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "Fahren tenant EntityManager over " + factory;
            default:
                break;
        }
        TenantId tenant = Tenants.require();
        EntityManager bound = bound(tenant);
        if (bound != null) {
            return invoke(bound, method, args);
        }
        EntityManager callBound = factory.createEntityManager();
        boolean keepOpen = false;
        try {
            Object result = invoke(callBound, method, args);
            if (result instanceof Query query) {
                keepOpen = true;
                return closingQuery(query, callBound);
            }
            return result;
        } finally {
            if (!keepOpen) {
                callBound.close();
            }
        }
    }

    /** @return the context bound to the current JTA transaction or local transaction, or null */
    private EntityManager bound(TenantId tenant) {
        EntityManager local = this.local.get().get(tenant);
        if (local != null) {
            return local;
        }
        if (jta == null || (jta.getTransactionStatus() != Status.STATUS_ACTIVE
                && jta.getTransactionStatus() != Status.STATUS_MARKED_ROLLBACK)) {
            return null;
        }
        if (Boolean.FALSE.equals(jtaUnit)) {
            return null;
        }
        Object key = List.of(this, tenant);
        EntityManager em = (EntityManager) jta.getResource(key);
        if (em == null) {
            EntityManager created = factory.createEntityManager(SynchronizationType.SYNCHRONIZED);
            if (jtaUnit == null) {
                jtaUnit = isJta(created);
                if (!jtaUnit) {
                    created.close(); // a resource-local unit ignores JTA transactions
                    return null;
                }
            }
            created.joinTransaction();
            jta.putResource(key, created);
            jta.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    created.close();
                }
            });
            em = created;
        }
        return em;
    }

    /** Keeps a call-bound context open until its query has run. */
    private static Object closingQuery(Query query, EntityManager owner) {
        Class<?>[] interfaces = query instanceof TypedQuery<?> ? new Class<?>[] {TypedQuery.class}
                : new Class<?>[] {Query.class};
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object self, Method method, Object[] args) throws Throwable {
                if (QUERY_RESULTS.contains(method.getName())) {
                    try {
                        Object result = TenantPersistenceContexts.invoke(query, method, args);
                        return method.getName().equals("getResultStream")
                                ? ((java.util.stream.Stream<?>) result).toList().stream() : result;
                    } finally {
                        owner.close();
                    }
                }
                Object result = TenantPersistenceContexts.invoke(query, method, args);
                return result == query ? self : result;
            }
        };
        return Proxy.newProxyInstance(TenantPersistenceContexts.class.getClassLoader(), interfaces, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A resource-local transaction that binds a context to this thread and tenant until it ends. */
    private final class LocalTransaction implements EntityTransaction {

        private final TenantId tenant;
        /** Jakarta Persistence 3.2's transaction timeout hint, in seconds; null when unset. */
        private volatile Integer timeout;

        LocalTransaction(TenantId tenant) {
            this.tenant = tenant;
        }

        /**
         * Jakarta Persistence 3.2 ({@code EntityTransaction.setTimeout}; no {@code @Override}, so the
         * class compiles against 3.1 as well): kept, and handed to the provider's transaction at
         * {@link #begin()} when the provider has the method.
         *
         * @param seconds the timeout hint, or null for none
         */
        public void setTimeout(Integer seconds) {
            timeout = seconds;
        }

        /**
         * Jakarta Persistence 3.2 ({@code EntityTransaction.getTimeout}).
         *
         * @return the timeout hint set with {@link #setTimeout}, or null
         */
        public Integer getTimeout() {
            return timeout;
        }

        private void applyTimeout(EntityTransaction transaction) {
            Integer seconds = timeout;
            if (seconds == null) {
                return;
            }
            try {
                EntityTransaction.class.getMethod("setTimeout", Integer.class).invoke(transaction, seconds);
            } catch (NoSuchMethodException e) {
                // Jakarta Persistence 3.1: no timeout hint to pass on
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException("Could not set the transaction timeout of tenant '" + tenant + "'", e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Could not set the transaction timeout of tenant '" + tenant + "'", e);
            }
        }

        private EntityManager current() {
            return local.get().get(tenant);
        }

        @Override
        public void begin() {
            if (current() != null) {
                throw new IllegalStateException("A transaction of tenant '" + tenant + "' is already active on this "
                        + "thread; commit or roll it back first.");
            }
            EntityManager em = factory.createEntityManager();
            try {
                applyTimeout(em.getTransaction());
                em.getTransaction().begin();
            } catch (RuntimeException e) {
                em.close();
                throw e;
            }
            local.get().put(tenant, em);
        }

        @Override
        public void commit() {
            EntityManager em = required();
            try {
                em.getTransaction().commit();
            } finally {
                end(em);
            }
        }

        @Override
        public void rollback() {
            EntityManager em = required();
            try {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
            } finally {
                end(em);
            }
        }

        @Override
        public void setRollbackOnly() {
            required().getTransaction().setRollbackOnly();
        }

        @Override
        public boolean getRollbackOnly() {
            return required().getTransaction().getRollbackOnly();
        }

        @Override
        public boolean isActive() {
            EntityManager em = current();
            return em != null && em.getTransaction().isActive();
        }

        private EntityManager required() {
            EntityManager em = current();
            if (em == null) {
                throw new IllegalStateException("No transaction of tenant '" + tenant + "' is active on this thread; "
                        + "call getTransaction().begin() first.");
            }
            return em;
        }

        private void end(EntityManager em) {
            local.get().remove(tenant);
            if (local.get().isEmpty()) {
                local.remove();
            }
            em.close();
        }
    }

    /**
     * @param em a session of a persistence unit
     * @return whether the unit uses JTA transactions
     */
    private static boolean isJta(EntityManager em) {
        return em.unwrap(SharedSessionContractImplementor.class).getTransactionCoordinator()
                .getTransactionCoordinatorBuilder().isJta();
    }
}
