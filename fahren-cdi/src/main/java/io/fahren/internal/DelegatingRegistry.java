package io.fahren.internal;

import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.spi.TenantRegistry;
import java.util.List;
import java.util.Optional;

/**
 * A registry bean that hands every call to a registry opened on first use, as strategy modules
 * contribute theirs as CDI alternatives.
 */
public abstract class DelegatingRegistry implements TenantRegistry {

    /** @return the registry to use now */
    protected abstract TenantRegistry delegate();

    @Override
    public Optional<Tenant> find(TenantId tenantId) {
        return delegate().find(tenantId);
    }

    @Override
    public List<Tenant> list() {
        return delegate().list();
    }

    @Override
    public Tenant put(TenantId tenantId, TenantState state) {
        return delegate().put(tenantId, state);
    }

    @Override
    public void remove(TenantId tenantId) {
        delegate().remove(tenantId);
    }

    @Override
    public Lock lock(TenantId tenantId) {
        return delegate().lock(tenantId);
    }
}
