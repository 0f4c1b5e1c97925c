package io.fahren.spi;

import io.fahren.FahrenConfigurationException;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantPage;
import io.fahren.TenantQuery;
import io.fahren.TenantState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records every tenant's lifecycle state.
 *
 * <p>{@link io.fahren.TenantManagement} takes {@link #lock(TenantId)} around every create and
 * delete, so with the lock held a PROVISIONING or DELETING entry can only have been left by a
 * crash. An implementation shared by several application nodes must make the lock work across
 * nodes (for example with a Postgres advisory lock).
 *
 * <p>Fahren ships an in-memory registry, suitable for tests and single-node development only: it
 * forgets every tenant at restart. Replace it by declaring your own bean with
 * {@code @Alternative @Priority(...)}.
 *
 * <pre>{@code
 * @ApplicationScoped @Alternative @Priority(100)
 * public class JdbcTenantRegistry implements TenantRegistry { ... }
 * }</pre>
 */
public interface TenantRegistry {

    /**
     * @param tenantId the tenant
     * @return its entry, or empty when unknown
     */
    Optional<Tenant> find(TenantId tenantId);

    /**
     * @return every entry, ordered by id
     */
    List<Tenant> list();

    /**
     * One page of the tenants a query selects, ordered by id as {@link String#compareTo} orders
     * them (so the cursor means the same in every registry). The default filters {@link #list()};
     * an implementation over a large store should filter and page where it stores, with a keyset
     * on the id, so that a page costs the same whatever its position.
     *
     * @param query the filters, the cursor and the page size
     * @return the page
     */
    default TenantPage list(TenantQuery query) {
        String after = query.after();
        return TenantPage.of(query, list().stream()
                .filter(t -> after == null || t.id().value().compareTo(after) > 0)
                .filter(query::matches)
                .sorted(java.util.Comparator.comparing(t -> t.id().value()))
                .limit(query.limit() + 1L)
                .toList());
    }

    /**
     * Replaces a recorded tenant's attributes. The default refuses: a registry that stores
     * attributes overrides it (Fahren's registries all do).
     *
     * @param tenantId a recorded tenant
     * @param attributes its new attributes, already checked by {@link io.fahren.TenantAttributes}
     * @return the entry as stored, or empty when the tenant is unknown
     * @throws FahrenConfigurationException when this registry cannot store attributes
     */
    default Optional<Tenant> putAttributes(TenantId tenantId, Map<String, String> attributes) {
        throw new FahrenConfigurationException("The tenant registry " + getClass().getName() + " cannot store tenant "
                + "attributes: implement TenantRegistry.putAttributes, or use a registry of Fahren's.");
    }

    /**
     * Inserts the entry, or changes its state, keeping its creation time and attributes.
     *
     * @param tenantId the tenant
     * @param state the new state
     * @return the entry as stored
     */
    Tenant put(TenantId tenantId, TenantState state);

    /**
     * Forgets the tenant; does nothing when it is unknown.
     *
     * @param tenantId the tenant
     */
    void remove(TenantId tenantId);

    /**
     * Blocks until this caller holds the exclusive lifecycle lock of the tenant.
     *
     * @param tenantId the tenant
     * @return the held lock; close it to release
     * @throws io.fahren.FahrenException when the thread is interrupted while waiting
     */
    Lock lock(TenantId tenantId);

    /**
     * How many tenants are in each state, for Fahren's {@code fahren.tenants} metric. The default
     * counts {@link #list()}; an implementation over a large store should count where it stores.
     *
     * @return the count of each state that has tenants
     */
    default Map<TenantState, Long> countByState() {
        Map<TenantState, Long> counts = new EnumMap<>(TenantState.class);
        for (Tenant tenant : list()) {
            counts.merge(tenant.state(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * Checks that the registry's store answers, for Fahren's readiness check. The default lists
     * every tenant; an implementation over a remote store should answer with one cheap round trip.
     *
     * @throws RuntimeException when the store does not answer; the message says why
     */
    default void ping() {
        list();
    }

    /**
     * A held lifecycle lock.
     */
    interface Lock extends AutoCloseable {
        /** Releases the lock. */
        @Override
        void close();
    }
}
