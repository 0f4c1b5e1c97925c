package io.fahren;

/**
 * Thrown by {@link TenantManagement#createTenant(String)} when the tenant is already
 * {@link TenantState#ACTIVE ACTIVE}. Nothing is changed.
 *
 * <pre>{@code
 * if (management.find("acme").isEmpty()) {
 *     management.createTenant("acme");
 * }
 * }</pre>
 */
public class TenantAlreadyExistsException extends FahrenException {

    private static final long serialVersionUID = 1L;

    private final TenantId tenantId;

    /**
     * @param tenantId the tenant that already exists
     */
    public TenantAlreadyExistsException(TenantId tenantId) {
        super("Tenant '" + tenantId + "' already exists and is ACTIVE; nothing was changed. "
                + "Use TenantManagement.find(id) to check first, or deleteTenant(id) to start over.");
        this.tenantId = tenantId;
    }

    /**
     * @return the tenant that already exists
     */
    public TenantId tenantId() {
        return tenantId;
    }
}
