package io.fahren.impl.propagation;

import io.fahren.Tenants;
import java.util.Map;
import org.eclipse.microprofile.context.spi.ThreadContextController;
import org.eclipse.microprofile.context.spi.ThreadContextProvider;
import org.eclipse.microprofile.context.spi.ThreadContextSnapshot;

/**
 * The tenant as a MicroProfile Context Propagation thread context, type
 * {@value Tenants#THREAD_CONTEXT_TYPE}: {@code ManagedExecutor} tasks, their
 * {@code CompletableFuture} stages and {@code ThreadContext.contextual*} wrappers run as the tenant
 * current where they were created, or with none. Found through
 * {@code META-INF/services/org.eclipse.microprofile.context.spi.ThreadContextProvider}.
 */
public final class MicroProfileTenantContextProvider implements ThreadContextProvider {

    @Override
    public ThreadContextSnapshot currentContext(Map<String, String> props) {
        return snapshot(TenantSnapshot.current());
    }

    @Override
    public ThreadContextSnapshot clearedContext(Map<String, String> props) {
        return snapshot(TenantSnapshot.NONE);
    }

    @Override
    public String getThreadContextType() {
        return Tenants.THREAD_CONTEXT_TYPE;
    }

    private static ThreadContextSnapshot snapshot(TenantSnapshot snapshot) {
        return () -> {
            Tenants.Scope scope = snapshot.begin();
            return (ThreadContextController) scope::close;
        };
    }
}
