package io.fahren.impl.context;

import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;

/**
 * Ends the tenant the HTTP filter set when the request context ends, in case the response filter
 * never ran (a failure before the response was built). A pooled thread never takes a tenant to
 * the next request.
 *
 * <p>Application scoped; the scope is added by {@code io.fahren.impl.FahrenExtension}.
 */
public class RequestEndCleanup {

    void requestEnded(@Observes @Destroyed(RequestScoped.class) Object request) {
        HttpScopes.close();
    }
}
