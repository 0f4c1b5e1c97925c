package io.fahren.postgres;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The servers tenant databases are placed on, and how (database per tenant). The management login
 * given to {@link Postgres#withDatabaseIsolation(PostgresConnection, io.fahren.secrets.TenantSecrets,
 * DatabaseOptions, TenantServers)} keeps the tenant registry; each tenant's database, role and
 * connections are on the server its placement chose.
 *
 * <pre>{@code
 * TenantServers servers = TenantServers.of(List.of(
 *         TenantServer.of("east", PostgresConnection.of(eastUrl, "admin", eastPw)),
 *         TenantServer.of("west", PostgresConnection.of(westUrl, "admin", westPw))),
 *         TenantPlacement.fewestTenants());
 * Postgres postgres = Postgres.withDatabaseIsolation(registryLogin, secrets, DatabaseOptions.defaults(), servers);
 * postgres.forManagement().createTenant("acme");   // on the server with the fewest tenants
 * }</pre>
 *
 * @param servers the servers, in order; at least one, names unique
 * @param placement chooses each new tenant's server
 */
public record TenantServers(List<TenantServer> servers, TenantPlacement placement) {

    /**
     * @throws IllegalArgumentException when there is no server or two share a name
     */
    public TenantServers {
        servers = List.copyOf(servers);
        Objects.requireNonNull(placement, "placement");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("TenantServers needs at least one server");
        }
        Set<String> names = new HashSet<>();
        for (TenantServer server : servers) {
            if (!names.add(server.name())) {
                throw new IllegalArgumentException("Two tenant servers are named '" + server.name() + "'");
            }
        }
    }

    /**
     * @param servers the servers
     * @param placement the placement
     * @return the set
     */
    public static TenantServers of(List<TenantServer> servers, TenantPlacement placement) {
        return new TenantServers(servers, placement);
    }

    /**
     * @param name a server name
     * @return the server of that name
     */
    public Optional<TenantServer> named(String name) {
        return servers.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
