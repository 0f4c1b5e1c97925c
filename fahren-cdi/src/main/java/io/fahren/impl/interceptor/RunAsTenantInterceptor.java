package io.fahren.impl.interceptor;

import io.fahren.impl.context.TenantSource;
import io.fahren.impl.runtime.FahrenRuntime;
import io.fahren.internal.ActiveTenants;
import io.fahren.internal.ActiveTenantCheck;
import io.fahren.RunAsTenant;
import io.fahren.TenantId;
import io.fahren.Tenants;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;

/**
 * Sets the current tenant for a {@link RunAsTenant} method, after checking that the tenant is
 * ACTIVE (through the short-lived {@link ActiveTenants} cache, so the registry is not queried on
 * every call).
 *
 * <p>{@code @Interceptor} is added by {@code io.fahren.impl.FahrenExtension}.
 */
@RunAsTenant
@Priority(RunAsTenant.PRIORITY)
public class RunAsTenantInterceptor {

    @Inject
    ActiveTenantCheck active;

    @Inject
    FahrenRuntime runtime;

    @AroundInvoke
    Object runAsTenant(InvocationContext invocation) throws Exception {
        TenantSource source = runtime.tenantSource(invocation.getMethod(), invocation.getTarget().getClass());
        TenantId tenantId = source.tenantOf(invocation.getParameters());
        active.require(tenantId);
        return Tenants.callAs(tenantId, invocation::proceed);
    }
}
