package io.fahren.internal;

import java.util.Optional;
import io.fahren.TenantPoolStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thing Fahren's health checks look at: the registry, the secrets store, a module's
 * management pool or server, its per-tenant pools. Each module adds its probes as beans; the core
 * reports them through MicroProfile Health when it is present. A probe never opens a connection
 * per tenant and puts no secret in its data; tenant ids only when {@link Settings#showTenantIds()}.
 */
public interface HealthProbe {

    /** Whether a failure means "send no traffic" or "restart me". */
    enum Kind {
        /** The application cannot serve now: a server it needs is down. */
        READINESS,
        /** Fahren's own state is broken beyond what waiting fixes. */
        LIVENESS
    }

    /**
     * What the checks may report.
     *
     * @param showTenantIds whether tenant ids may appear in the data ({@code fahren.health.show-tenant-ids})
     * @param failingTenantSeconds how long a tenant may fail to connect before its pools count as
     *        unhealthy ({@code fahren.health.failing-tenant-seconds})
     */
    record Settings(boolean showTenantIds, int failingTenantSeconds) {
    }

    /**
     * @param up whether the probe found everything working
     * @param data what it found, shown in the health response
     */
    record Result(boolean up, Map<String, Object> data) {

        /** Copies the data. */
        public Result {
            data = Map.copyOf(data);
        }

        /**
         * @param failure what failed
         * @return a DOWN result naming the failure's type and message (never its cause chain)
         */
        public static Result down(RuntimeException failure) {
            return new Result(false, Map.of("error", failure.getClass().getSimpleName() + ": "
                    + String.valueOf(failure.getMessage())));
        }
    }

    /**
     * Judges per-tenant pools: DOWN when they are beyond a cap, or when a tenant has failed to
     * connect for longer than the settings allow.
     *
     * @param stats the pools' snapshot
     * @param settings what may be reported
     * @return the pools' result, naming the failing tenants only when allowed
     */
    static Result pools(TenantPoolStats stats, Settings settings) {
        Duration limit = Duration.ofSeconds(settings.failingTenantSeconds());
        List<String> failing = stats.failingTenants().entrySet().stream()
                .filter(e -> e.getValue().compareTo(limit) > 0).map(e -> e.getKey().value()).sorted().toList();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pools", stats.openPools() + "/" + stats.maxPools());
        data.put("connections", (stats.activeConnections() + stats.idleConnections())
                + (stats.maxConnections() < 0 ? "" : "/" + stats.maxConnections()));
        data.put("failing-tenants", failing.size());
        if (settings.showTenantIds() && !failing.isEmpty()) {
            data.put("failing-tenant-ids", String.join(",", failing));
        }
        return new Result(stats.withinCaps() && failing.isEmpty(), data);
    }

    /**
     * Adds a module's per-tenant pools to what its server check found.
     *
     * @param server what the server check found (it answered)
     * @param stats the pools' snapshot, empty when the module has none open
     * @param settings what may be reported
     * @return UP when the pools are too, with their data under {@code tenant-*}
     */
    static Result serverAndPools(Map<String, Object> server, Optional<TenantPoolStats> stats, Settings settings) {
        Map<String, Object> data = new LinkedHashMap<>(server);
        if (stats.isEmpty()) {
            return new Result(true, data);
        }
        Result pools = pools(stats.get(), settings);
        pools.data().forEach((key, value) -> data.put("tenant-" + key, value));
        return new Result(pools.up(), data);
    }

    /** @return the probe's name in the health response, such as {@code postgres} */
    String name();

    /** @return whether it belongs to readiness or liveness */
    default Kind kind() {
        return Kind.READINESS;
    }

    /**
     * @param settings what may be reported
     * @return what the probe found; a failure is a DOWN result, not an exception
     */
    Result check(Settings settings);
}
