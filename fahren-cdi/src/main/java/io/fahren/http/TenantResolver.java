package io.fahren.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/**
 * Finds a request's tenant when none of the built-in resolvers ({@code fahren.http.tenant-resolver})
 * fits. Declare one CDI bean of this type and the {@link io.fahren.http.TenantFilter} uses it
 * instead of the configured resolver. The raw value is validated as a
 * {@link io.fahren.TenantId} and checked to be ACTIVE afterwards; a resolver only extracts it.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class ApiKeyTenants implements TenantResolver {
 *     @Override
 *     public Optional<String> resolve(ContainerRequestContext request) {
 *         return Optional.ofNullable(request.getHeaderString("X-Api-Key")).map(keys::tenantOf);
 *     }
 * }
 * }</pre>
 */
public interface TenantResolver {

    /**
     * @param request the matched request (post-matching, so path parameters are known)
     * @return the raw tenant id, or empty when the request names none
     */
    Optional<String> resolve(ContainerRequestContext request);
}
