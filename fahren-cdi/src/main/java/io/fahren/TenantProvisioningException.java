package io.fahren;

/**
 * Thrown by {@link TenantManagement#createTenant(String)} when a resource failed to provision.
 *
 * <p>The cause is the resource's own exception. When the resources provisioned before it were
 * rolled back cleanly, no trace of the tenant is left and {@link #leftovers()} is {@code false}.
 * When a rollback step failed too, its exception is attached as a suppressed exception, the
 * tenant is recorded as {@link TenantState#FAILED FAILED}, and the next {@code createTenant} or
 * {@code deleteTenant} for the same id retries the clean-up.
 *
 * <pre>{@code
 * try {
 *     management.createTenant("acme");
 * } catch (TenantProvisioningException e) {
 *     log.log(Level.WARNING, "resource " + e.resource() + " failed", e.getCause());
 * }
 * }</pre>
 */
public class TenantProvisioningException extends FahrenException {

    private static final long serialVersionUID = 1L;

    private final TenantId tenantId;
    private final String resource;
    private final boolean leftovers;

    /**
     * @param tenantId the tenant being created
     * @param resource the name of the resource that failed
     * @param leftovers whether some resources could not be rolled back
     * @param message what happened and what to do
     * @param cause the resource's exception
     */
    public TenantProvisioningException(TenantId tenantId, String resource, boolean leftovers,
            String message, Throwable cause) {
        super(message, cause);
        this.tenantId = tenantId;
        this.resource = resource;
        this.leftovers = leftovers;
    }

    /**
     * @return the tenant being created
     */
    public TenantId tenantId() {
        return tenantId;
    }

    /**
     * @return the name of the resource whose provisioning failed
     */
    public String resource() {
        return resource;
    }

    /**
     * @return {@code true} when a rollback step failed as well, so the tenant was kept as
     *         {@link TenantState#FAILED} for a later clean-up
     */
    public boolean leftovers() {
        return leftovers;
    }
}
