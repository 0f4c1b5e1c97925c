package io.fahren.internal;

import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantPage;
import io.fahren.TenantQuery;
import io.fahren.TenantState;
import io.fahren.spi.TenantRegistry;
import java.util.List;
import java.util.Map;
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
    public TenantPage list(TenantQuery query) {
        return delegate().list(query);
    }

    @Override
    public Optional<Tenant> putAttributes(TenantId tenantId, Map<String, String> attributes) {
        return delegate().putAttributes(tenantId, attributes);
    }

    @Override
    public Map<TenantState, Long> countByState() {
        return delegate().countByState();
    }

    @Override
    public void ping() {
        delegate().ping();
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
