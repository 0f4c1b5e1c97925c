package io.fahren.postgres.impl.database;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.Tenant;
import io.fahren.TenantAttributes;
import io.fahren.TenantId;
import io.fahren.postgres.BindingMode;
import io.fahren.postgres.TenantPlacement;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.TenantServers;
import io.fahren.postgres.impl.pool.Pools;
import io.fahren.postgres.impl.pool.ServerAddress;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Where tenant databases (or, with per-tenant logins, tenant schemas) go when there are several servers: a small management pool per server,
 * the count of tenant databases on each, the placement's choice, and finding a tenant's server
 * again (its attribute {@value TenantPlacement#ATTRIBUTE}, else its secret's URL).
 *
 * <p>Thread-safe; pools open on first use and close with {@link #close()}.
 */
public final class ServerPlacement implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ServerPlacement.class.getName());

    private final TenantServers servers;
    private final String prefix;
    private final String countQuery;
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();

    /**
     * @param servers the servers and the placement
     * @param prefix the prefix of tenant database names (or schema names), to count them
     * @param schemas whether tenants are schemas in each server's database, rather than databases
     */
    public ServerPlacement(TenantServers servers, String prefix, boolean schemas) {
        this.servers = servers;
        this.prefix = prefix;
        this.countQuery = schemas
                ? "SELECT count(*) FROM pg_catalog.pg_namespace WHERE pg_catalog.starts_with(nspname, ?)"
                : "SELECT count(*) FROM pg_catalog.pg_database WHERE pg_catalog.starts_with(datname, ?)";
    }

    /** @return every server */
    public List<TenantServer> all() {
        return servers.servers();
    }

    /**
     * @param server a server
     * @return its management pool (2 connections)
     */
    public DataSource pool(TenantServer server) {
        return pools.computeIfAbsent(server.name(), name -> Pools.open(server.login(), 2, "fahren-management-" + name,
                BindingMode.SESSION));
    }

    /**
     * Chooses the new tenant's server among those below their {@code maxTenants} that answer, and
     * records it in the tenant's attributes before anything is created there, so that a crash or a
     * failure later finds where to clean up.
     *
     * @param tenantId the new tenant
     * @param registry the registry, holding the tenant (PROVISIONING) and its attributes
     * @return the chosen server
     * @throws FahrenException when no server can take it, or the placement named no candidate
     */
    public TenantServer place(TenantId tenantId, TenantRegistry registry) {
        Map<String, String> attributes = registry.find(tenantId).map(Tenant::attributes).orElse(Map.of());
        List<TenantPlacement.Candidate> candidates = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (TenantServer server : servers.servers()) {
            try {
                int tenants = countTenants(server);
                if (server.maxTenants() > 0 && tenants >= server.maxTenants()) {
                    refused.add(server.name() + " (full: " + tenants + " of " + server.maxTenants() + ")");
                } else {
                    candidates.add(new TenantPlacement.Candidate(server, tenants));
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warning("Tenant server '" + server.name() + "' did not answer while placing tenant '" + tenantId
                        + "'; it is left out: " + e.getMessage());
                refused.add(server.name() + " (did not answer: " + e.getMessage() + ")");
            }
        }
        if (candidates.isEmpty()) {
            throw new FahrenException("No PostgreSQL server can take tenant '" + tenantId + "': " + refused
                    + ". Raise max-tenants, add a server (fahren.postgres.servers), or bring the servers back.");
        }
        String name = servers.placement().place(tenantId, attributes, List.copyOf(candidates));
        TenantServer chosen = candidates.stream().map(TenantPlacement.Candidate::server)
                .filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new FahrenConfigurationException("The tenant placement chose '" + name + "' for tenant '"
                        + tenantId + "', which is not one of the servers that can take it: "
                        + candidates.stream().map(c -> c.server().name()).toList()));
        Map<String, String> recorded = new LinkedHashMap<>(attributes);
        recorded.put(TenantPlacement.ATTRIBUTE, chosen.name());
        registry.putAttributes(tenantId, TenantAttributes.of(recorded));
        return chosen;
    }

    /**
     * @param pool a server's management pool
     * @return a connection that answers: a pooled one left from before the server restarted is
     *         dropped and another taken, so a restart costs no failed step
     * @throws SQLException when the server does not answer
     */
    public static Connection answering(DataSource pool) throws SQLException {
        Connection c = pool.getConnection();
        if (c.isValid(2)) {
            return c;
        }
        pool.unwrap(HikariDataSource.class).evictConnection(c);
        return pool.getConnection();
    }

    private int countTenants(TenantServer server) throws SQLException {
        try (Connection c = answering(pool(server)); PreparedStatement p = c.prepareStatement(countQuery)) {
            p.setString(1, prefix);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * @param tenantId a tenant
     * @param registry the registry
     * @param secrets the secrets store; null when tenants have no secret (a shared pool)
     * @return the tenant's server: the one its attribute names, else the one whose host and port
     *         its secret's URL has; empty when neither says (a tenant half created, or its records lost)
     */
    public Optional<TenantServer> locate(TenantId tenantId, TenantRegistry registry, TenantSecrets secrets) {
        Optional<String> named = registry.find(tenantId).map(t -> t.attributes().get(TenantPlacement.ATTRIBUTE));
        if (named.isPresent()) {
            return Optional.of(servers.named(named.get()).orElseThrow(() -> new FahrenConfigurationException(
                    "Tenant '" + tenantId + "' is placed on server '" + named.get() + "' (attribute "
                            + TenantPlacement.ATTRIBUTE + "), which is no longer configured: add it back to "
                            + "fahren.postgres.servers (TenantServers), or move the tenant first.")));
        }
        if (secrets == null) {
            return Optional.empty();
        }
        try {
            ConnectionSecret secret = secrets.load(tenantId, DatabaseStrategy.RESOURCE);
            String at = ServerAddress.of(secret.url());
            return servers.servers().stream().filter(s -> ServerAddress.of(s.login().url()).equals(at)).findFirst();
        } catch (SecretNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
    }
}
