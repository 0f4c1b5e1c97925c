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
    private final String version;

    /**
     * @param tenantId the tenant
     * @param version the first migration not applied, or null when the failure was not in a migration
     * @param message what failed and what to do
     * @param cause Flyway's error
     */
    public TenantMigrationException(String tenantId, String version, String message, Throwable cause) {
        super(message, cause);
        this.tenantId = tenantId;
        this.version = version;
    }

    /** @return the first migration not applied, or null when the failure was not in a migration */
    public String version() {
        return version;
    }

    /** @return the tenant whose migration failed */
    public String tenantId() {
        return tenantId;
    }
}
