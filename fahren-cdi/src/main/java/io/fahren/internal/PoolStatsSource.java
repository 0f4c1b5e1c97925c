package io.fahren.internal;

import io.fahren.SharedPoolStats;
import io.fahren.TenantPoolStats;
import java.util.Optional;

/**
 * A module whose tenants side may keep per-tenant pools (fahren-postgres, fahren-redis-cdi), for
 * Fahren's metrics. Added by each module as a bean.
 */
public interface PoolStatsSource {

    /** @return the module's name, such as {@code postgres}: the metric attribute {@code fahren.module} */
    String name();

    /** @return the pools' state, empty when the module keeps none or has not opened its tenants side */
    Optional<TenantPoolStats> poolStats();

    /** @return the one pool shared by every tenant, empty when the module has none open */
    Optional<SharedPoolStats> sharedPoolStats();
}
