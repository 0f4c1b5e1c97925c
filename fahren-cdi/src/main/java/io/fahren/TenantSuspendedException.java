package io.fahren;

/**
 * Thrown when a tenant-aware entry point is asked to act as a tenant that is
 * {@linkplain TenantState#SUSPENDED suspended} (or being suspended or resumed). It is an
 * {@link UnknownTenantException}, so code that refuses unknown tenants refuses suspended ones too;
 * the HTTP filter answers it with {@code 423 Locked} ({@code fahren.http.suspended-status}).
 *
 * <pre>{@code
 * management.suspendTenant("acme");
 * Tenants.runAs(TenantId.of("acme"), work);   // TenantSuspendedException from the first connection
 * management.resumeTenant("acme");
 * }</pre>
 */
public class TenantSuspendedException extends UnknownTenantException {

    private static final long serialVersionUID = 1L;

    /**
     * @param tenantId the suspended tenant
     * @param message what was refused and how to fix it
     */
    public TenantSuspendedException(TenantId tenantId, String message) {
        super(tenantId, message);
    }
}
