package io.fahren.postgres.impl.pool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;

/**
 * The servers of the per-tenant pools and their caps (database per tenant on several servers): each
 * connection to a capped server takes one of that server's permits besides one of the cap across
 * all servers, so no server gets more than its share however the tenants are spread.
 */
public final class ServerCaps {

    /** No server has a cap of its own. */
    public static final ServerCaps NONE = new ServerCaps(Map.of());

    /**
     * One server's cap.
     *
     * @param name the server's name, for error messages
     * @param address its {@code host:port} ({@link ServerAddress})
     * @param maxConnections the most connections to it; 0 for only the cap across all servers
     */
    public record Cap(String name, String address, int maxConnections) {
    }

    /** A server: its name, and its permits when it has a cap of its own (else null). */
    record Server(Cap cap, Semaphore permits) {
    }

    private final Map<String, Server> byAddress;

    private ServerCaps(Map<String, Server> byAddress) {
        this.byAddress = byAddress;
    }

    /**
     * @param caps every server (those without a cap of their own are named in errors)
     * @return their caps
     */
    public static ServerCaps of(List<Cap> caps) {
        return new ServerCaps(caps.stream().collect(Collectors.toUnmodifiableMap(Cap::address,
                cap -> new Server(cap, cap.maxConnections() > 0 ? new Semaphore(cap.maxConnections(), true) : null),
                (a, b) -> a)));
    }

    /**
     * @param servers the servers tenants are placed on, or null for one server
     * @return their caps and names; {@link #NONE} for null
     */
    public static ServerCaps of(io.fahren.postgres.TenantServers servers) {
        return servers == null ? NONE : of(servers.servers().stream().map(server -> new Cap(server.name(),
                ServerAddress.of(server.login().url()), server.maxConnections())).toList());
    }

    /**
     * @param jdbcUrl a tenant database's URL
     * @return its server, or null when it is none of the configured ones
     */
    Server forUrl(String jdbcUrl) {
        return byAddress.isEmpty() ? null : byAddress.get(ServerAddress.of(jdbcUrl));
    }

    /** @return free permits per capped server, by name, for diagnostics */
    public Map<String, Integer> free() {
        return byAddress.values().stream().filter(s -> s.permits() != null)
                .collect(Collectors.toMap(s -> s.cap().name(), s -> s.permits().availablePermits()));
    }
}
