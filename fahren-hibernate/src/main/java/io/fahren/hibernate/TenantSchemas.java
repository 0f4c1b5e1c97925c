package io.fahren.hibernate;

import io.fahren.FahrenException;
import io.fahren.postgres.PostgresTenants;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator;

/**
 * Creates or validates the tables of a set of entities inside one tenant, with Hibernate's own
 * schema tooling running on that tenant's connection: the tenant's schema (schema isolation) or
 * database (database isolation). Enough for tests and samples; per-tenant migrations are Flyway's
 * job.
 *
 * <pre>{@code
 * TenantSchemas.create(tenants, "acme", List.of(Order.class, Customer.class));
 * TenantSchemas.validate(tenants, "acme", List.of(Order.class, Customer.class));
 * }</pre>
 */
public final class TenantSchemas {

    private TenantSchemas() {
    }

    /**
     * @param tenants the tenants side of a schema or database strategy
     * @param tenantId an ACTIVE tenant
     * @param entities the entity classes whose tables to create
     * @throws FahrenException when Hibernate could not create them
     */
    public static void create(PostgresTenants tenants, String tenantId, List<Class<?>> entities) {
        run(tenants, tenantId, entities, "create");
    }

    /**
     * @param tenants the tenants side of a schema or database strategy
     * @param tenantId an ACTIVE tenant
     * @param entities the entity classes whose tables to check
     * @throws FahrenException naming what does not match
     */
    public static void validate(PostgresTenants tenants, String tenantId, List<Class<?>> entities) {
        run(tenants, tenantId, entities, "validate");
    }

    private static void run(PostgresTenants tenants, String tenantId, List<Class<?>> entities, String action) {
        try (Connection connection = tenants.connection(tenantId)) {
            Map<String, Object> settings = new HashMap<>();
            settings.put(AvailableSettings.JAKARTA_HBM2DDL_CONNECTION, connection);
            settings.put(AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION, action);
            settings.put(AvailableSettings.HBM2DDL_HALT_ON_ERROR, true);
            settings.put(AvailableSettings.DIALECT, "org.hibernate.dialect.PostgreSQLDialect");
            settings.put(AvailableSettings.ALLOW_METADATA_ON_BOOT, false);
            // Look only at the tenant's own schema, not at every table the catalog lists.
            String schema = connection.getSchema();
            if (schema != null) {
                settings.put(AvailableSettings.DEFAULT_SCHEMA, schema);
            }
            StandardServiceRegistry registry = new StandardServiceRegistryBuilder().applySettings(settings).build();
            try {
                MetadataSources sources = new MetadataSources(registry);
                entities.forEach(sources::addAnnotatedClass);
                Metadata metadata = sources.buildMetadata();
                SchemaManagementToolCoordinator.process(metadata, registry, settings, drop -> { });
            } finally {
                StandardServiceRegistryBuilder.destroy(registry);
            }
        } catch (SQLException e) {
            throw new FahrenException("Schema tooling for tenant '" + tenantId + "' failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof FahrenException) {
                throw e;
            }
            throw new FahrenException("Schema tooling for tenant '" + tenantId + "' failed: " + e.getMessage(), e);
        }
    }
}
