package io.fahren.impl;

import io.fahren.RunAsTenant;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.Tenants;
import io.fahren.UnknownTenantException;
import io.fahren.spi.TenantRegistry;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Method;

/**
 * Sets the current tenant for a {@link RunAsTenant} method, after checking that the tenant is
 * ACTIVE in the registry.
 *
 * <p>{@code @Interceptor} is added by {@link FahrenExtension} (see {@code package-info}).
 */
@RunAsTenant
@Priority(RunAsTenant.PRIORITY)
public class RunAsTenantInterceptor {

    @Inject
    TenantRegistry registry;

    @Inject
    FahrenExtension extension;

    @AroundInvoke
    Object runAsTenant(InvocationContext invocation) throws Exception {
        TenantSource source = extension.tenantSource(invocation.getMethod(), invocation.getTarget().getClass());
        TenantId tenantId = source.tenantOf(invocation.getParameters());
        requireActive(tenantId, invocation.getMethod());
        return Tenants.callAs(tenantId, invocation::proceed);
    }

    private void requireActive(TenantId tenantId, Method method) {
        boolean active = registry.find(tenantId).map(Tenant::isActive).orElse(false);
        if (!active) {
            String state = registry.find(tenantId).map(t -> "is " + t.state()).orElse("does not exist");
            throw new UnknownTenantException(tenantId, "Tenant '" + tenantId + "' " + state
                    + ", so @RunAsTenant method " + method.getDeclaringClass().getSimpleName() + "."
                    + method.getName() + " was not run. Create the tenant first with TenantManagement.createTenant.");
        }
    }
}
