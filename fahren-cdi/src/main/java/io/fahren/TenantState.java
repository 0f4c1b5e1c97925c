package io.fahren;

/**
 * Lifecycle state of a tenant in the {@link io.fahren.spi.TenantRegistry}.
 *
 * <pre>{@code
 * management.find("acme").map(Tenant::state);   // Optional[ACTIVE]
 * }</pre>
 */
public enum TenantState {
    /** {@code createTenant} is running, or crashed while running. */
    PROVISIONING,
    /** Every resource is provisioned; tenant-aware entry points accept the tenant. */
    ACTIVE,
    /**
     * A create could not be rolled back, or a delete failed part-way. Some resources may remain;
     * the next {@code createTenant} or {@code deleteTenant} for the id cleans them up.
     */
    FAILED,
    /** {@code deleteTenant} is running, or crashed while running. */
    DELETING,
    /**
     * Every resource is provisioned, but a schema migration of the tenant failed (with {@code
     * fahren-flyway}'s default failure policy): tenant-aware entry points refuse it until a
     * migration succeeds and makes it ACTIVE again. Its data is kept; {@code createTenant} treats
     * it as existing, and {@code deleteTenant} removes it as any other.
     */
    MIGRATION_FAILED,
    /**
     * {@code suspendTenant} is running, or failed or crashed part-way: refused like SUSPENDED. The
     * next {@code suspendTenant} finishes it, or {@code resumeTenant} brings the tenant back.
     */
    SUSPENDING,
    /**
     * Suspended by {@code suspendTenant}: tenant-aware entry points refuse it (the HTTP filter
     * answers {@code 423 Locked}), its pools are closed and the logins that support it are switched
     * off, while its data and credentials are kept. {@code resumeTenant} makes it ACTIVE again.
     */
    SUSPENDED,
    /**
     * {@code resumeTenant} is running, or failed or crashed part-way: still refused. The next
     * {@code resumeTenant} finishes it, or {@code suspendTenant} suspends it again.
     */
    RESUMING;

    /**
     * @return whether the tenant is suspended or on its way in or out of suspension, so that
     *         tenant-aware entry points refuse it as suspended
     */
    public boolean isSuspension() {
        return this == SUSPENDING || this == SUSPENDED || this == RESUMING;
    }

    /**
     * @return whether every resource of the tenant is provisioned (whatever else its state says),
     *         so that it can be suspended, resumed and have its credentials rotated
     */
    public boolean isProvisioned() {
        return this == ACTIVE || this == MIGRATION_FAILED || isSuspension();
    }
}
