package io.fahren.postgres.impl.pool;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * What the connection, statements and result sets of a checkout share: they unwrap to nothing but
 * themselves, since pgjdbc's objects outlive the checkout.
 */
abstract class CheckoutPart implements Wrapper {

    private final Object target;

    /** @param target the driver's (or the pool's) object this wraps */
    CheckoutPart(Object target) {
        this.target = target;
    }

    /**
     * @param self a wrapper
     * @param type what tenant code wants it unwrapped as
     * @return the wrapper itself, when it is one
     * @throws SQLException for anything else: the driver's objects outlive the checkout
     */
    static <T> T unwrap(Object self, Class<T> type) throws SQLException {
        if (type.isInstance(self)) {
            return type.cast(self);
        }
        throw new SQLException("Fahren's tenant connections cannot be unwrapped as " + type.getName() + ": the "
                + "underlying connection outlives the checkout and would then act as another tenant. Use the "
                + "java.sql interfaces, or the per-tenant database strategy for driver-specific APIs.");
    }

    @Override
    public final <T> T unwrap(Class<T> type) throws SQLException {
        return unwrap(this, type);
    }

    @Override
    public final boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return target.toString();
    }
}
