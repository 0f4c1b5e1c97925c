package io.fahren.it.http.custom;

import io.fahren.http.TenantResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/** An application's own resolver: the tenant comes from the {@code org} query parameter. */
@ApplicationScoped
public class QueryTenantResolver implements TenantResolver {

    @Override
    public Optional<String> resolve(ContainerRequestContext request) {
        return Optional.ofNullable(request.getUriInfo().getQueryParameters().getFirst("org"));
    }
}
