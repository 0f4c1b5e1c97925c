package io.fahren.postgres.impl.pool;

import io.fahren.postgres.PostgresEngine.Strategy;
import io.fahren.postgres.PostgresEngine.Connections;
import io.fahren.TenantId;
import io.fahren.postgres.PostgresConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
     * Makes the connection act as the tenant, in one round trip.
     *
     * @param c the connection
     * @param tenantId the tenant
     * @param local for the current transaction only
     * @param before statements to run first in the same round trip (empty, or ending with {@code ;})
     */
    void bind(Connection c, TenantId tenantId, boolean local, String before) throws SQLException;

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
