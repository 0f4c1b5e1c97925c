package io.fahren.postgres;

import com.zaxxer.hikari.HikariDataSource;

/** Lets tests in other packages look at a tenants side's shared pool directly. */
public final class PoolAccess {

    private PoolAccess() {
    }

    /**
     * @param tenants a tenants side
     * @return its shared pool, or null for per-tenant pools
     */
    public static HikariDataSource sharedPool(PostgresTenants tenants) {
        return tenants.pool();
    }
}
