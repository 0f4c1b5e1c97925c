package io.fahren.http;

import io.fahren.impl.context.HttpScopes;
import io.fahren.impl.runtime.FahrenRuntime;
import io.fahren.internal.ActiveTenantCheck;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Sets the current tenant for each JAX-RS request, and ends it when the response is sent (or,
 * if that never happens, when the request context ends). It runs right after authentication
 * (priority {@code AUTHENTICATION + 100}), so JWT claims are known and authorization and every
 * resource method already see the tenant.
 *
 * <ul>
 *   <li>The tenant comes from an application {@link io.fahren.http.TenantResolver} bean, else from
 *       {@code fahren.http.tenant-resolver}: {@code header} ({@code fahren.http.tenant-header},
 *       default {@code X-Tenant-ID}), {@code path} (first segment or
 *       {@code fahren.http.path-parameter}), {@code subdomain}, or {@code jwt-claim}
 *       ({@code fahren.http.jwt-claim}).</li>
 *   <li>No tenant: 400. An invalid id: 400, without echoing it. A suspended tenant: 423 Locked
 *       ({@code fahren.http.suspended-status}). Any other tenant that is not ACTIVE: 404.
 *       Bodies are {@code application/problem+json}.</li>
 *   <li>{@link TenantFree} resources and methods are left alone.</li>
 * </ul>
 *
 * <p>Discovered as a {@code @Provider} when the application's JAX-RS scanning includes
 * {@code WEB-INF/lib}; otherwise register it in {@code Application.getClasses()}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 100)
public class TenantFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Context
    private ResourceInfo resource;

    private volatile TenantRequests tenants;

    @Override
    public void filter(ContainerRequestContext request) {
        HttpScopes.close(); // whatever a failed request before may have left on this thread
        Response problem = tenants().enter(request, resource);
        if (problem != null) {
            request.abortWith(problem);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        HttpScopes.close();
    }

    private TenantRequests tenants() {
        TenantRequests current = tenants;
        if (current == null) {
            CDI<Object> cdi = CDI.current();
            current = new TenantRequests(cdi.select(FahrenRuntime.class).get().config().http(),
                    cdi.select(ActiveTenantCheck.class).get(), cdi.select(TenantResolver.class));
            tenants = current;
        }
        return current;
    }
}
