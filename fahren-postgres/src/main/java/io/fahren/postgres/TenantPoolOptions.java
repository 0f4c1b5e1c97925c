package io.fahren.postgres;

import io.fahren.postgres.impl.config.PostgresConfigKey;

import java.time.Duration;

/**
 * Limits of the per-tenant connection pools used when each tenant logs in with its own
 * credentials (database isolation, and schema isolation with per-tenant logins).
 *
 * <pre>{@code
 * TenantPoolOptions pools = new TenantPoolOptions(100, 40, 5, Duration.ofMinutes(5), Duration.ofSeconds(10));
 * }</pre>
 *
 * @param maxTenants the most pools kept open; the least recently used unused one is closed beyond it
 * @param maxConnections the most server connections across every tenant pool
 * @param tenantPoolSize the most connections of one tenant's pool
 * @param idleTimeout how long an unused tenant pool stays open
 * @param connectionTimeout how long to wait for a connection before failing
 */
public record TenantPoolOptions(int maxTenants, int maxConnections, int tenantPoolSize, Duration idleTimeout,
        Duration connectionTimeout) {

    /**
     * @throws IllegalArgumentException when a value is out of range
     */
    public TenantPoolOptions {
        if (maxTenants < 1 || maxConnections < 1 || tenantPoolSize < 1) {
            throw new IllegalArgumentException("maxTenants, maxConnections and tenantPoolSize must be at least 1");
        }
        if (idleTimeout.compareTo(Duration.ofSeconds(10)) < 0 || connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
            throw new IllegalArgumentException("idleTimeout must be at least 10 s and connectionTimeout at least 250 ms");
        }
    }

    /** @return 100 pools, 40 connections, 5 per tenant, 5 minutes idle, 10 seconds wait */
    public static TenantPoolOptions defaults() {
        return new TenantPoolOptions(PostgresConfigKey.POOL_MAX_TENANTS.defaultInt(),
                PostgresConfigKey.POOL_MAX_CONNECTIONS.defaultInt(), 5, Duration.ofMinutes(5), Duration.ofSeconds(10));
    }
}
