package io.fahren.postgres;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses the server of a new tenant's database (database per tenant across several servers,
 * {@link TenantServers}). Fahren calls it once per {@code createTenant}, under the tenant's
 * lifecycle lock, with the servers that have room and answered; the choice is recorded in the
 * tenant's attribute {@value #ATTRIBUTE} and in its connection secret's URL before anything is
 * created there.
 *
 * <p>In CDI an application bean implementing this interface replaces
 * {@code fahren.postgres.placement}:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class ByRegion implements TenantPlacement {
 *     public String place(TenantId tenant, Map<String, String> attributes, List<Candidate> candidates) {
 *         return attributes.getOrDefault("region", "eu").equals("us") ? "us-east" : "eu-west";
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TenantPlacement {

    /** The tenant attribute that records the server a tenant's database is on. */
    String ATTRIBUTE = "fahren.server";

    /**
     * A server that can take the tenant.
     *
     * @param server the server
     * @param tenants how many tenant databases it holds now
     */
    record Candidate(TenantServer server, int tenants) {
    }

    /**
     * @param tenantId the new tenant
     * @param attributes its attributes, as given to {@code createTenant}
     * @param candidates the servers below their {@code maxTenants} that answered, in configuration order; never empty
     * @return the name of one of the candidates
     * @throws RuntimeException to refuse the tenant; {@code createTenant} fails and changes nothing
     */
    String place(TenantId tenantId, Map<String, String> attributes, List<Candidate> candidates);

    /** @return the server with the fewest tenant databases (the first on a tie) */
    static TenantPlacement fewestTenants() {
        return (tenantId, attributes, candidates) -> candidates.stream().min(Comparator.comparingInt(Candidate::tenants))
                .orElseThrow().server().name();
    }

    /**
     * @return the server with the fewest tenant databases per unit of {@link TenantServer#weight()}:
     *         a server of weight 2 gets twice the tenants of one of weight 1
     */
    static TenantPlacement weighted() {
        return (tenantId, attributes, candidates) -> candidates.stream()
                .min(Comparator.comparingDouble(c -> (double) c.tenants() / c.server().weight())).orElseThrow()
                .server().name();
    }

    /**
     * @param key the tenant attribute that names the server, such as {@code server}
     * @param otherwise the placement of tenants without the attribute
     * @return the server the attribute names; a name that is not a candidate (unknown, full or not
     *         answering) refuses the tenant
     */
    static TenantPlacement byAttribute(String key, TenantPlacement otherwise) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(otherwise, "otherwise");
        return (tenantId, attributes, candidates) -> {
            String wanted = attributes.get(key);
            if (wanted == null) {
                return otherwise.place(tenantId, attributes, candidates);
            }
            if (candidates.stream().noneMatch(c -> c.server().name().equals(wanted))) {
                throw new FahrenConfigurationException("Tenant '" + tenantId + "' asks for server '" + wanted
                        + "' (attribute " + key + "), which cannot take it: it is not configured, is full (max-tenants) "
                        + "or did not answer. Servers that can: " + candidates.stream().map(c -> c.server().name()).toList()
                        + ".");
            }
            return wanted;
        };
    }
}
