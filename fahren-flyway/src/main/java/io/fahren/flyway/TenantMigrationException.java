package io.fahren.flyway;

import io.fahren.FahrenException;

/**
 * A tenant's migration failed. Flyway rolled the failed migration back where PostgreSQL could
 * (each migration is one transaction unless it says otherwise), so the tenant's schema is at the
 * version before it; fix the script (or the data), then run {@link TenantMigrations#migrate} or
 * {@link TenantMigrations#repair} again.
 */
public class TenantMigrationException extends FahrenException {

    private static final long serialVersionUID = 1L;

    private final String tenantId;

    /**
     * @param tenantId the tenant
     * @param message what failed and what to do
     * @param cause Flyway's error
     */
    public TenantMigrationException(String tenantId, String message, Throwable cause) {
        super(message, cause);
        this.tenantId = tenantId;
    }

    /** @return the tenant whose migration failed */
    public String tenantId() {
        return tenantId;
    }
}
