package io.fahren.postgres.impl.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * What tenant code holds while it has a pooled connection: a proxy that dies with the checkout.
 *
 * <ul>
 *   <li>{@code close()} releases the pooled connection (reset, or evicted when the reset fails) and
 *       makes the proxy unusable.</li>
 *   <li>Nothing reaches the pooled or the physical connection: {@code unwrap} answers only for the
 *       proxy's own interfaces, and every statement, result set and metadata object it hands out is
 *       wrapped the same way, their {@code getConnection()} answering the proxy. Otherwise the
 *       physical connection could be kept past {@code close()} and would then act as the next
 *       borrower's tenant.</li>
 *   <li>Before any statement runs, the {@link Hooks#beforeStatement} hook may bind the connection
 *       (session binding binds it, if it is not bound to the tenant already, before the checkout's
 *       first statement; transaction binding binds each transaction); before any other call that
 *       may reach the server, {@link Hooks#beforeServerCall}.</li>
 * </ul>
 */
final class CheckedOutConnection implements InvocationHandler {

    /** What the checkout does around the work; only the release is needed. */
    @FunctionalInterface
    interface Hooks {
        /**
         * Runs before every statement of tenant code executes, on the pooled connection.
         *
         * @param pooled the pooled connection
         */
        default void beforeStatement(Connection pooled) throws SQLException {
        }

        /**
         * Runs before a method of the connection itself that may reach the server (anything but
         * creating statements and reading local flags), and before its metadata is handed out.
         *
         * @param pooled the pooled connection
         * @param method the method's name
         */
        default void beforeServerCall(Connection pooled, String method) throws SQLException {
        }

        /**
         * Asked before a statement that can carry a binding in its own round trip runs.
         *
         * @param pooled the pooled connection
         * @return the binding to send ahead of it, or null to go the ordinary way ({@link
         *         #beforeStatement}, which binds in a round trip of its own when a binding is due)
         */
        default Piggyback.Prefix piggyback(Connection pooled) throws SQLException {
            return null;
        }

        /**
         * Runs when a statement that carried the binding of {@link #piggyback} succeeded.
         *
         * @param pooled the pooled connection
         */
        default void piggybacked(Connection pooled) throws SQLException {
        }

        /**
         * Runs when a statement of tenant code failed, before the exception reaches it.
         *
         * @param pooled the pooled connection
         */
        default void statementFailed(Connection pooled) {
        }

        /**
         * Runs after tenant code ended a transaction through the JDBC API.
         *
         * @param pooled the pooled connection
         */
        default void afterTransaction(Connection pooled) {
        }

        /**
         * Whether tenant code may call {@code setAutoCommit} with this value.
         *
         * @param autoCommit the value
         * @throws SQLException saying why not
         */
        default void checkAutoCommit(boolean autoCommit) throws SQLException {
        }

        /**
         * Gives the pooled connection back: resets it, or evicts it when that fails, then closes it.
         *
         * @param pooled the pooled connection
         */
        void release(Connection pooled) throws SQLException;
    }

    /** What is wrapped, most specific first: a statement declared as Statement may be prepared. */
    private static final List<Class<?>> WRAPPED = List.of(CallableStatement.class, PreparedStatement.class,
            Statement.class, ResultSet.class, DatabaseMetaData.class);

    /**
     * Statement methods other than {@code execute*} that send the statement to the server: pgjdbc
     * describes a prepared statement (parses it, as the connection's role and {@code search_path}
     * resolve it) when its metadata is asked for before it runs.
     */
    private static final Set<String> DESCRIBES = Set.of("getMetaData", "getParameterMetaData");

    /** The proxy class of each of {@link #WRAPPED}, made once: one proxy per statement and result set. */
    private static final List<MethodHandle> PROXIES = WRAPPED.stream().map(CheckedOutConnection::proxyConstructor).toList();
    private static final MethodHandle CONNECTION_PROXY = proxyConstructor(Connection.class);

    /** A constructor handle, which unlike {@code Constructor.newInstance} checks access once, here. */
    private static MethodHandle proxyConstructor(Class<?> type) {
        try {
            Class<?> proxyClass = Proxy.newProxyInstance(CheckedOutConnection.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> null).getClass();
            return MethodHandles.publicLookup().findConstructor(proxyClass, MethodType.methodType(void.class,
                    InvocationHandler.class)).asType(MethodType.methodType(Object.class, InvocationHandler.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot make the proxy class of " + type.getName(), e);
        }
    }

    /**
     * Connection methods that never reach the server (pgjdbc answers them from what it holds):
     * everything else is a {@linkplain Hooks#beforeServerCall server call}.
     */
    private static final Set<String> LOCAL = Set.of("createStatement", "prepareStatement", "prepareCall",
            "getAutoCommit", "isReadOnly", "getHoldability", "setHoldability", "nativeSQL", "getWarnings",
            "clearWarnings", "getNetworkTimeout", "getClientInfo", "getTypeMap", "createClob", "createBlob",
            "createNClob", "createSQLXML", "createStruct", "abort");

    private final Connection pooled;
    private final Hooks hooks;
    private Connection proxy;
    private volatile boolean closed;

    private CheckedOutConnection(Connection pooled, Hooks hooks) {
        this.pooled = pooled;
        this.hooks = hooks;
    }

    /**
     * @param pooled a pooled connection, already bound as the hooks need
     * @param hooks what happens around the work
     * @return the proxy tenant code may hold
     */
    static Connection wrap(Connection pooled, Hooks hooks) {
        CheckedOutConnection handler = new CheckedOutConnection(pooled, hooks);
        try {
            Object made = CONNECTION_PROXY.invokeExact((InvocationHandler) handler);
            handler.proxy = (Connection) made;
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot make a tenant connection proxy", e);
        }
        return handler.proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        switch (name) {
            case "close":
                if (!closed) {
                    closed = true;
                    if (!pooled.isClosed()) { // closed under it (evicted, aborted): nothing to give back
                        hooks.release(pooled);
                    }
                }
                return null;
            case "isClosed":
                return closed || pooled.isClosed();
            case "equals":
                return self == args[0];
            case "hashCode":
                return System.identityHashCode(self);
            case "toString":
                return "tenant connection" + (closed ? " (closed)" : "");
            case "unwrap", "isWrapperFor":
                return unwrap(self, name, (Class<?>) args[0]);
            default:
                break;
        }
        if (closed) {
            throw new SQLException("This tenant connection is closed; take a new one.", "08003");
        }
        if (name.equals("setAutoCommit")) {
            hooks.checkAutoCommit((Boolean) args[0]);
        }
        if (!LOCAL.contains(name)) {
            hooks.beforeServerCall(pooled, name);
        }
        Object result = call(pooled, method, args);
        if (name.equals("prepareStatement")) {
            return proxyOf(PreparedStatement.class, new Part(result, Piggyback.of(args)));
        }
        if (name.equals("commit") || name.equals("rollback") && method.getParameterCount() == 0
                || name.equals("setAutoCommit")) {
            hooks.afterTransaction(pooled);
        }
        return wrapped(method, result);
    }

    private Object wrapped(Method method, Object result) throws Throwable {
        if (result == null || !WRAPPED.contains(method.getReturnType())) {
            return result;
        }
        for (Class<?> type : WRAPPED) {
            if (type.isInstance(result)) {
                return proxyOf(type, new Part(result, null));
            }
        }
        throw new IllegalStateException("not a wrapped type: " + result.getClass());
    }

    private static Object proxyOf(Class<?> type, Part part) throws Throwable {
        return PROXIES.get(WRAPPED.indexOf(type)).invokeExact((InvocationHandler) part);
    }

    private static Object unwrap(Object self, String name, Class<?> type) throws SQLException {
        boolean own = type.isInstance(self);
        if (name.equals("isWrapperFor")) {
            return own;
        }
        if (own) {
            return self;
        }
        throw new SQLException("Fahren's tenant connections cannot be unwrapped as " + type.getName() + ": the "
                + "underlying connection outlives the checkout and would then act as another tenant. Use the "
                + "java.sql interfaces, or the per-tenant database strategy for driver-specific APIs.");
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A statement, result set or metadata object of the checkout. */
    private final class Part implements InvocationHandler {

        private final Object target;
        /** For a prepared statement that may carry a binding: what tenant code did to it; else null. */
        private final Piggyback piggyback;

        Part(Object target, Piggyback piggyback) {
            this.target = target;
            this.piggyback = piggyback;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "equals":
                    return self == args[0];
                case "hashCode":
                    return System.identityHashCode(self);
                case "toString":
                    return target.toString();
                case "unwrap", "isWrapperFor":
                    return unwrap(self, name, (Class<?>) args[0]);
                case "getConnection":
                    return proxy;
                default:
                    break;
            }
            if (closed && !name.equals("close") && !name.equals("isClosed")) {
                throw new SQLException("This tenant connection is closed; take a new one.", "08003");
            }
            if (piggyback != null) {
                if (piggyback.redirects(name)) {
                    return wrapped(method, call(piggyback.twin(), method, args));
                }
                if (name.equals("close") || name.startsWith("execute") || name.equals("addBatch")) {
                    piggyback.end();
                }
                if (args == null && Piggyback.EXECUTIONS.contains(name)) {
                    Piggyback.Prefix prefix = hooks.piggyback(pooled);
                    if (prefix != null && piggyback.carries()) {
                        return carry(method, prefix);
                    }
                }
            }
            if (target instanceof Statement && (name.startsWith("execute") || DESCRIBES.contains(name))) {
                hooks.beforeStatement(pooled);
                try {
                    return wrapped(method, call(target, method, args));
                } catch (SQLException e) {
                    hooks.statementFailed(pooled);
                    throw e;
                }
            }
            Object result = wrapped(method, call(target, method, args));
            if (piggyback != null) {
                piggyback.record(method, args);
            }
            return result;
        }

        /** Runs the statement with the binding ahead of it, in one round trip. */
        private Object carry(Method method, Piggyback.Prefix prefix) throws Throwable {
            Object result;
            try {
                result = piggyback.execute(pooled, prefix, method.getName());
            } catch (SQLException e) {
                hooks.statementFailed(pooled);
                throw e;
            }
            hooks.piggybacked(pooled);
            return wrapped(method, result);
        }
    }
}
