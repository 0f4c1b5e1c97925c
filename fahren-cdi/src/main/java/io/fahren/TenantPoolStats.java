package io.fahren;

import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of the per-tenant connection pools a tenants side keeps (database per tenant, schema
 * per tenant with per-tenant logins, Redis ACL users): for health checks, metrics and operators.
 * Nothing in it is secret; tenant ids appear only in {@link #failingTenants()}.
 *
 * <pre>{@code
 * tenants.poolStats().ifPresent(stats -> {
 *     if (stats.openPools() >= stats.maxPools()) { ... }          // the cache is full: LRU eviction
 *     stats.failingTenants().forEach((id, since) -> ...);         // tenants that cannot connect
 * });
 * }</pre>
 *
 * @param openPools pools open now
 * @param maxPools most pools kept open ({@code max-tenants})
 * @param activeConnections connections lent out, across all pools
 * @param idleConnections connections idle in the pools
 * @param maxConnections the cap on connections across all pools, or -1 when there is none
 * @param waitingForCap threads waiting for a connection under that cap
 * @param evictions pools closed so far for being least recently used or idle
 * @param failingTenants tenants whose every attempt to connect has failed, and for how long
 */
public record TenantPoolStats(int openPools, int maxPools, int activeConnections, int idleConnections,
        int maxConnections, int waitingForCap, long evictions, Map<TenantId, Duration> failingTenants) {

    /** Copies the map, so the snapshot stays as it was taken. */
    public TenantPoolStats {
        failingTenants = Map.copyOf(failingTenants);
    }

    /** @return whether the pools are within both caps */
    public boolean withinCaps() {
        return openPools <= maxPools && (maxConnections < 0 || activeConnections + idleConnections <= maxConnections);
    }
}
