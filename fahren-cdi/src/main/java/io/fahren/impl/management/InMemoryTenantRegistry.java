package io.fahren.impl.management;

import io.fahren.FahrenException;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.spi.TenantRegistry;
import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * A registry held in memory: for tests and single-node development. It forgets every tenant at
 * restart, which is logged once when it is first used.
 *
 * <p>Application scoped; the scope is added by {@code io.fahren.impl.FahrenExtension}.
 */
public class InMemoryTenantRegistry implements TenantRegistry {

    private static final Logger LOG = Logger.getLogger(InMemoryTenantRegistry.class.getName());
    private static final int STRIPES = 64;

    private final ConcurrentMap<TenantId, Tenant> tenants = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
    private final Clock clock = Clock.systemUTC();

    /** Creates an empty registry. */
    public InMemoryTenantRegistry() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    @PostConstruct
    void warnAboutDurability() {
        LOG.warning("Fahren is using the in-memory tenant registry: tenants are forgotten at restart and "
                + "locks do not span nodes. Use a persistent TenantRegistry in production.");
    }

    @Override
    public Optional<Tenant> find(TenantId tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    @Override
    public void ping() {
        // memory always answers
    }

    @Override
    public List<Tenant> list() {
        return tenants.values().stream().sorted(Comparator.comparing(Tenant::id)).toList();
    }

    @Override
    public Tenant put(TenantId tenantId, TenantState state) {
        Instant now = clock.instant();
        return tenants.compute(tenantId, (id, old) ->
                new Tenant(id, state, old == null ? now : old.createdAt(), now, old == null ? Map.of() : old.attributes()));
    }

    @Override
    public Optional<Tenant> putAttributes(TenantId tenantId, Map<String, String> attributes) {
        Instant now = clock.instant();
        return Optional.ofNullable(tenants.computeIfPresent(tenantId, (id, old) ->
                new Tenant(id, old.state(), old.createdAt(), now, attributes)));
    }

    @Override
    public void remove(TenantId tenantId) {
        tenants.remove(tenantId);
    }

    @Override
    public Lock lock(TenantId tenantId) {
        ReentrantLock lock = locks[Math.floorMod(tenantId.hashCode(), STRIPES)];
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FahrenException("Interrupted while waiting for the lifecycle lock of tenant '"
                    + tenantId + "'; the operation was not started.", e);
        }
        return lock::unlock;
    }
}
