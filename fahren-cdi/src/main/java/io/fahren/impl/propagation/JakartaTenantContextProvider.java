package io.fahren.impl.propagation;

import io.fahren.Tenants;
import jakarta.enterprise.concurrent.spi.ThreadContextProvider;
import jakarta.enterprise.concurrent.spi.ThreadContextRestorer;
import jakarta.enterprise.concurrent.spi.ThreadContextSnapshot;
import java.util.Map;

/**
 * The tenant as a Jakarta Concurrency 3.0 thread context, type {@value Tenants#THREAD_CONTEXT_TYPE}:
 * managed executors, {@code ContextService} proxies and {@code @Asynchronous} methods run each task
 * as the tenant current where it was submitted, or with none. Found by the container through
 * {@code META-INF/services/jakarta.enterprise.concurrent.spi.ThreadContextProvider}.
 */
public final class JakartaTenantContextProvider implements ThreadContextProvider {

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> executionProperties) {
        return snapshot(TenantSnapshot.current());
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> executionProperties) {
        return snapshot(TenantSnapshot.NONE);
    }

    @Override
    public String getThreadContextType() {
        return Tenants.THREAD_CONTEXT_TYPE;
    }

    private static ThreadContextSnapshot snapshot(TenantSnapshot snapshot) {
        return () -> {
            Tenants.Scope scope = snapshot.begin();
            return (ThreadContextRestorer) scope::close;
        };
    }
}
