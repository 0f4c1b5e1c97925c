package io.fahren.redis;

import io.fahren.TenantId;
import io.fahren.internal.StandaloneManagement;
import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import java.util.function.Consumer;

/**
 * The management side of a {@link Redis} strategy in Java SE: creates and deletes tenants with the
 * same rules as {@link io.fahren.TenantManagement} (all-or-nothing create, crash recovery, a delete
 * that tries everything), recording them in the Redis registry.
 *
 * <pre>{@code
 * RedisManagement management = redis.forManagement();
 * management.createTenant("acme");
 * management.deleteTenant("acme");   // SCAN + UNLINK of tenant:acme:*, and (ACL) its user and secret
 * }</pre>
 */
public final class RedisManagement extends StandaloneManagement {

    private final Runnable setup;

    RedisManagement(TenantRegistry registry, TenantResource resource, Consumer<TenantId> forget, Runnable setup) {
        super(registry, resource, forget);
        this.setup = setup;
    }

    /**
     * Prefix isolation: creates or updates the shared tenants user now (also done on each
     * {@code createTenant} unless {@code autoSetup} is off). ACL isolation needs no setup.
     *
     * @throws io.fahren.FahrenConfigurationException when the server has no aclfile and
     *         persistence is required
     */
    public void setup() {
        setup.run();
    }
}
