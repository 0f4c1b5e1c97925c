package io.fahren.redis;

import io.fahren.redis.RedisEngine.Admin;
import io.fahren.FahrenConfigurationException;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.spi.TenantRegistry;
import java.util.List;
import java.util.Optional;

/**
 * The Redis registry as a service that serves tenants only sees it: logged in as the registry
 * reader, which may only {@code HGET} the registry hash, it looks one tenant up at a time and can
 * neither list nor change tenants.
 */
final class RegistryLookup implements TenantRegistry, AutoCloseable {

    private final Admin reader;
    private final String key;

    RegistryLookup(Admin reader, String key) {
        this.reader = reader;
        this.key = key;
    }

    @Override
    public Optional<Tenant> find(TenantId tenantId) {
        String value = reader.callForKey(key, "looking tenant '" + tenantId + "' up as the registry reader (the management side "
                + "creates it when fahren.redis.registry-reader.password is set)", jedis -> jedis.hget(key, tenantId.value()));
        return Optional.ofNullable(value).map(v -> RedisTenantRegistry.parse(tenantId, v));
    }

    @Override
    public List<Tenant> list() {
        throw refused("list tenants");
    }

    @Override
    public Tenant put(TenantId tenantId, TenantState state) {
        throw refused("record tenant '" + tenantId + "'");
    }

    @Override
    public void remove(TenantId tenantId) {
        throw refused("remove tenant '" + tenantId + "'");
    }

    @Override
    public Lock lock(TenantId tenantId) {
        throw refused("lock tenant '" + tenantId + "'");
    }

    private static FahrenConfigurationException refused(String what) {
        return new FahrenConfigurationException("This service serves tenants only: it has no Redis management login, "
                + "so it cannot " + what + ". Create, delete and list tenants in the management service.");
    }

    @Override
    public void close() {
        reader.close();
    }
}
