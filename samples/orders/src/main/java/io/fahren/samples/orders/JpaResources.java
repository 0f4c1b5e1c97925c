package io.fahren.samples.orders;

import io.fahren.postgres.TenantAware;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnit;

/**
 * Hands Fahren the container's multi-tenant persistence unit; Fahren then adds the
 * {@code @Inject EntityManager} that follows the current tenant.
 *
 * <p>Liberty insists on a data source for every persistence unit. Hibernate never uses it, because
 * Fahren's connection provider hands out every connection, so the unit names this placeholder,
 * which is never connected to.
 */
@ApplicationScoped
public class JpaResources {

    @Produces
    @TenantAware
    @PersistenceUnit(unitName = "orders")
    EntityManagerFactory orders;
}
