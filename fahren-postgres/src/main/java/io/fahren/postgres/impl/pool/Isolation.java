package io.fahren.postgres.impl.pool;

import io.fahren.postgres.PostgresEngine.Strategy;
import io.fahren.postgres.PostgresEngine.Connections;
import io.fahren.TenantId;
import io.fahren.postgres.PostgresConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGStatement;

/**
 * A strategy whose tenants share one pool: a connection is bound to a tenant by switching role and
 * settings, and reset afterwards.
 */
public interface Isolation extends Strategy {

    @Override
    default Connections connections(PostgresConnection login) {
        return new SharedPoolConnections(Pools.open(login, options().poolSize(), "fahren-tenants",
                options().bindingMode()), this);
    }

    /**
     * The statement that makes a connection act as a tenant.
     *
     * @param sql one statement, with {@code ?} placeholders
     * @param params its parameters, in order
     */
    record Binding(String sql, List<Object> params) {
    }

    /**
     * @param tenantId the tenant
     * @param local for the current transaction only
     * @return the statement that binds a connection to the tenant
     * @throws io.fahren.InvalidTenantIdException when the id cannot be bound (RLS: it does not fit a
     *         tenant column's type)
     */
    Binding binding(TenantId tenantId, boolean local);

    /**
     * Makes the connection act as the tenant, in one round trip.
     *
     * @param c the connection
     * @param tenantId the tenant
     * @param local for the current transaction only
     * @param before statements to run first in the same round trip (empty, or ending with {@code ;})
     */
    default void bind(Connection c, TenantId tenantId, boolean local, String before) throws SQLException {
        Binding binding = binding(tenantId, local);
        try (PreparedStatement s = bindingStatement(c, before + binding.sql())) {
            for (int i = 0; i < binding.params().size(); i++) {
                s.setObject(i + 1, binding.params().get(i));
            }
            s.execute();
        }
    }

    /**
     * Prepares a binding statement that pgjdbc never names on the server: the clearing it follows
     * deallocates every prepared statement, its own included.
     *
     * @param c the connection
     * @param sql the statements to send
     * @return the statement; close it
     */
    static PreparedStatement bindingStatement(Connection c, String sql) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.unwrap(PGStatement.class).setPrepareThreshold(0);
        return s;
    }

    /**
     * Refuses a tenants-side login that would defeat the isolation.
     *
     * @param c a tenants-side connection
     * @return true when everything was checked; false when part of the check must wait until the
     *         management side has set the strategy up (then call again before the first binding)
     */
    boolean checkTenantsLogin(Connection c) throws SQLException;
}
