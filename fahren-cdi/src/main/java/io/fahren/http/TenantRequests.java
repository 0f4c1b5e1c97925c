package io.fahren.http;

import io.fahren.FahrenConfigurationException;
import io.fahren.InvalidTenantIdException;
import io.fahren.TenantId;
import io.fahren.TenantIdPolicy;
import io.fahren.TenantSuspendedException;
import io.fahren.UnknownTenantException;
import io.fahren.impl.config.HttpConfig;
import io.fahren.impl.context.HttpScopes;
import io.fahren.internal.ActiveTenantCheck;
import io.fahren.internal.Problems;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * What the {@link TenantFilter} does for a request: resolves its tenant (an application
 * {@link TenantResolver} first, else the configured resolver), validates it, checks it is ACTIVE
 * and makes it current, or answers with an {@code application/problem+json} error that never
 * echoes the raw input. One per filter instance; thread-safe (it holds no request state).
 */
final class TenantRequests {

    private final HttpConfig config;
    private final ActiveTenantCheck active;
    private final Instance<TenantResolver> custom;

    /**
     * @param config the {@code fahren.http.*} configuration read at deployment
     * @param active the ACTIVE check of the tenant registry
     * @param custom the application's resolver bean, if it has one
     * @throws FahrenConfigurationException when the JWT resolver is chosen without MicroProfile JWT
     */
    TenantRequests(HttpConfig config, ActiveTenantCheck active, Instance<TenantResolver> custom) {
        this.config = config;
        this.active = active;
        this.custom = custom;
        if (config.resolver() == HttpConfig.Resolver.JWT_CLAIM && custom.isUnsatisfied()) {
            try {
                JwtClaimReader.check();
            } catch (LinkageError e) {
                throw new FahrenConfigurationException("fahren.http.tenant-resolver=jwt-claim needs MicroProfile JWT "
                        + "(the mpJwt feature, or microprofile-jwt-auth-api and an implementation).");
            }
        }
    }

    /**
     * @param request the request
     * @param resource the matched resource
     * @return null when the request may go on (its tenant is current, or it needs none), else the error response
     */
    Response enter(ContainerRequestContext request, ResourceInfo resource) {
        if (!config.enabled() || isTenantFree(resource)) {
            return null;
        }
        Optional<String> raw = resolve(request).map(String::trim).filter(value -> !value.isEmpty());
        if (raw.isEmpty()) {
            return problem(Response.Status.BAD_REQUEST, "Missing tenant", "This resource needs a tenant: " + where() + ".");
        }
        TenantId tenantId;
        try {
            tenantId = TenantId.of(raw.get());
        } catch (InvalidTenantIdException e) {
            return problem(Response.Status.BAD_REQUEST, "Invalid tenant id",
                    "The tenant id is not valid: it must match " + TenantIdPolicy.active().pattern() + ".");
        }
        try {
            active.require(tenantId);
        } catch (TenantSuspendedException e) {
            return Problems.problem(config.suspendedStatus(), "Tenant suspended", "Tenant '" + tenantId + "' is suspended.");
        } catch (UnknownTenantException e) {
            return problem(Response.Status.NOT_FOUND, "Unknown tenant", "There is no active tenant '" + tenantId + "'.");
        }
        HttpScopes.open(tenantId);
        return null;
    }

    private Optional<String> resolve(ContainerRequestContext request) {
        if (!custom.isUnsatisfied()) {
            return custom.get().resolve(request);
        }
        return switch (config.resolver()) {
            case HEADER -> Optional.ofNullable(request.getHeaderString(config.header()));
            case PATH -> config.pathParameter() != null
                    ? Optional.ofNullable(request.getUriInfo().getPathParameters().getFirst(config.pathParameter()))
                    : request.getUriInfo().getPathSegments().stream().map(PathSegment::getPath)
                            .filter(segment -> !segment.isEmpty()).findFirst();
            case SUBDOMAIN -> subdomain(hostName(request));
            case JWT_CLAIM -> JwtClaimReader.claim(request.getSecurityContext().getUserPrincipal(), config.jwtClaim());
        };
    }

    /** @return the name in the Host header without its port, else the request URI's host */
    private static String hostName(ContainerRequestContext request) {
        String header = request.getHeaderString("Host");
        if (header == null || header.isBlank()) {
            return request.getUriInfo().getRequestUri().getHost();
        }
        String host = header.trim();
        if (host.startsWith("[")) {
            return host; // an IPv6 literal: no subdomain
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static Optional<String> subdomain(String host) {
        if (host == null || host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return Optional.empty(); // an IP address has no subdomain
        }
        String[] labels = host.split("\\.");
        return labels.length >= 3 ? Optional.of(labels[0]) : Optional.empty();
    }

    private String where() {
        if (!custom.isUnsatisfied()) {
            return "the application's tenant resolver found none";
        }
        return switch (config.resolver()) {
            case HEADER -> "send it in the " + config.header() + " header";
            case PATH -> config.pathParameter() != null ? "give it as the path parameter " + config.pathParameter()
                    : "give it as the first path segment";
            case SUBDOMAIN -> "call the API on the tenant's subdomain, such as acme.example.com";
            case JWT_CLAIM -> "authenticate with a JWT that has the claim " + config.jwtClaim();
        };
    }

    private static boolean isTenantFree(ResourceInfo resource) {
        if (resource == null) {
            return false;
        }
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        return (method != null && method.isAnnotationPresent(TenantFree.class))
                || (type != null && type.isAnnotationPresent(TenantFree.class));
    }

    /**
     * @param status the status
     * @param title a fixed title
     * @param detail a message built only from fixed text and validated values
     * @return an RFC 9457 problem response
     */
    static Response problem(Response.Status status, String title, String detail) {
        return Problems.problem(status.getStatusCode(), title, detail);
    }
}
