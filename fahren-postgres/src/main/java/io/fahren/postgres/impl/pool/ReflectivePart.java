package io.fahren.postgres.impl.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * A callable statement or the database metadata of a checkout ({@link CheckedOutConnection}), as
 * a dynamic proxy: both are large interfaces that tenant code rarely calls on a hot path, so they
 * are not written out as the connection, statements and result sets are. The same rules hold:
 * unusable once the checkout ends, bound before a statement runs, every result set and value that
 * reaches the connection wrapped, and {@code getConnection()} answering the checkout.
 */
final class ReflectivePart implements InvocationHandler {

    private static final MethodHandle CALLABLE = proxyConstructor(CallableStatement.class);
    private static final MethodHandle META_DATA = proxyConstructor(DatabaseMetaData.class);

    /** Methods that send a callable statement to the server: it runs, or pgjdbc describes it. */
    private static final Set<String> DESCRIBES = Set.of("getMetaData", "getParameterMetaData");

    /** Methods whose values may be pgjdbc's arrays or result sets ({@code refcursor} out parameters). */
    private static final Set<String> VALUES = Set.of("getObject", "getArray");

    private final CheckedOutConnection connection;
    private final Object target;

    private ReflectivePart(CheckedOutConnection connection, Object target) {
        this.connection = connection;
        this.target = target;
    }

    /**
     * @param connection the checkout
     * @param target the pooled connection's callable statement
     * @return the statement tenant code may hold
     */
    static CallableStatement callable(CheckedOutConnection connection, CallableStatement target) {
        return (CallableStatement) make(CALLABLE, new ReflectivePart(connection, target));
    }

    /**
     * @param connection the checkout
     * @param target the pooled connection's metadata
     * @return the metadata tenant code may hold
     */
    static DatabaseMetaData metaData(CheckedOutConnection connection, DatabaseMetaData target) {
        return (DatabaseMetaData) make(META_DATA, new ReflectivePart(connection, target));
    }

    private static Object make(MethodHandle constructor, ReflectivePart part) {
        try {
            return constructor.invokeExact((InvocationHandler) part);
        } catch (Throwable e) {
            throw new IllegalStateException("Cannot make a tenant connection proxy", e);
        }
    }

    /** A constructor handle, which unlike {@code Constructor.newInstance} checks access once, here. */
    private static MethodHandle proxyConstructor(Class<?> type) {
        try {
            Class<?> proxyClass = Proxy.newProxyInstance(ReflectivePart.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> null).getClass();
            return MethodHandles.publicLookup().findConstructor(proxyClass, MethodType.methodType(void.class,
                    InvocationHandler.class)).asType(MethodType.methodType(Object.class, InvocationHandler.class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot make the proxy class of " + type.getName(), e);
        }
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
            case "unwrap":
                return CheckoutPart.unwrap(self, (Class<?>) args[0]);
            case "isWrapperFor":
                return ((Class<?>) args[0]).isInstance(self);
            case "getConnection":
                return connection;
            case "close", "isClosed":
                return call(method, args);
            default:
                break;
        }
        connection.checkOpen();
        Object result;
        if (target instanceof CallableStatement && (name.startsWith("execute") || DESCRIBES.contains(name))) {
            try {
                connection.beforeStatement();
                result = call(method, args);
            } catch (SQLException e) {
                throw connection.failed(e);
            }
        } else {
            result = call(method, args);
        }
        if (result instanceof ResultSet results) {
            return connection.results(results, target instanceof CallableStatement ? (CallableStatement) self : null);
        }
        return VALUES.contains(name) ? connection.value(result) : result;
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
