package io.fahren.internal;

import io.fahren.TenantId;
import io.fahren.spi.TenantResource;

/**
 * A resource bean that hands provisioning to a strategy opened on first use, as strategy modules
 * contribute theirs to {@code TenantManagement}.
 */
public abstract class DelegatingResource implements TenantResource {

    /** @return the strategy's resource */
    protected abstract TenantResource delegate();

    @Override
    public void provision(TenantId tenantId) throws Exception {
        delegate().provision(tenantId);
    }

    @Override
    public void deprovision(TenantId tenantId) throws Exception {
        delegate().deprovision(tenantId);
    }

    @Override
    public void suspend(TenantId tenantId) throws Exception {
        delegate().suspend(tenantId);
    }

    @Override
    public void resume(TenantId tenantId) throws Exception {
        delegate().resume(tenantId);
    }

    @Override
    public void rotateCredentials(TenantId tenantId) throws Exception {
        delegate().rotateCredentials(tenantId);
    }
}
