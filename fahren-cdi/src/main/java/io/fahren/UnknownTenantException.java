package io.fahren;

/**
 * Thrown when a tenant-aware entry point (such as {@link RunAsTenant}) is asked to act as a
 * tenant that is not {@link TenantState#ACTIVE ACTIVE} in the tenant registry.
 *
 * <pre>{@code
 * management.createTenant("acme");          // makes "acme" ACTIVE
 * reports.dailyTotals("acme");              // @RunAsTenant method: now allowed
 * }</pre>
 */
public class UnknownTenantException extends FahrenException {

    private static final long serialVersionUID = 1L;

    private final TenantId tenantId;

    /**
     * @param tenantId the tenant that is missing or not active
     * @param message what was refused and how to fix it
     */
    public UnknownTenantException(TenantId tenantId, String message) {
        super(message);
        this.tenantId = tenantId;
    }

    /**
     * @return the tenant that was refused
     */
    public TenantId tenantId() {
        return tenantId;
    }
}
