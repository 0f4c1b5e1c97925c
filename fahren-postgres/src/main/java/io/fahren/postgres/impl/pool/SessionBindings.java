package io.fahren.postgres.impl.pool;

import io.fahren.Tenant;
import io.fahren.TenantId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.core.BaseConnection;

/**
 * Which tenant each server session of a shared pool was last bound to (session binding), so that a
 * checkout by the same tenant sends nothing and a checkout by another tenant clears and binds in
 * one round trip.
 *
 * <p>Keyed by pgjdbc's physical connection (which keeps identity equality); entries of connections
 * the pool has closed are dropped whenever the map outgrows twice the pool. A session is recorded only once its binding has succeeded, and forgotten
 * before a new binding is sent and whenever its state is in doubt (a failed statement, a failed
 * release), so a session that is not recorded is always cleared before its next use.
 */
final class SessionBindings {

    /** What a session is bound to: a tenant id, and which tenant of that id (one created again is another). */
    private record Binding(TenantId id, Instant createdAt) {
        Binding(Tenant tenant) {
            this(tenant.id(), tenant.createdAt());
        }
    }

    private final Map<BaseConnection, Binding> last = new ConcurrentHashMap<>();
    private final int poolSize;

    /**
     * @param poolSize the pool's maximum size
     */
    SessionBindings(int poolSize) {
        this.poolSize = poolSize;
    }

    /**
     * @param pooled a pooled connection
     * @return its physical connection, the key of its record
     */
    static BaseConnection physical(Connection pooled) throws SQLException {
        return pooled.unwrap(BaseConnection.class);
    }

    /**
     * @param physical a pooled connection's physical connection
     * @param tenant a tenant
     * @return whether its server session is known to be bound to that tenant (not to a predecessor
     *         of the same id, deleted since: for schema per tenant, its role is gone)
     */
    boolean isBoundTo(BaseConnection physical, Tenant tenant) {
        Binding known = last.get(physical);
        return known != null && known.id().equals(tenant.id()) && known.createdAt().equals(tenant.createdAt());
    }

    /**
     * @param physical a physical connection whose binding to the tenant has just succeeded
     * @param tenant the tenant
     */
    void bound(BaseConnection physical, Tenant tenant) {
        last.put(physical, new Binding(tenant));
        if (last.size() > 2 * poolSize) {
            last.keySet().removeIf(SessionBindings::closed);
        }
    }

    private static boolean closed(BaseConnection physical) {
        try {
            return physical.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * Makes the next checkout of the connection clear and bind it, whatever its tenant.
     *
     * @param physical a physical connection
     */
    void forget(BaseConnection physical) {
        last.remove(physical);
    }
}
