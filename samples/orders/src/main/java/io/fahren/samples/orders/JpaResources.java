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
 * <p>The unit ({@code META-INF/persistence.xml}) names {@code io.fahren.hibernate.FahrenPersistenceProvider}
 * and no data source: Fahren's connection provider hands out every connection.
 */
@ApplicationScoped
public class JpaResources {

    @Produces
    @TenantAware
    @PersistenceUnit(unitName = "orders")
    EntityManagerFactory orders;
}
