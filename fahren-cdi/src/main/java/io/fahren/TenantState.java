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
    MIGRATION_FAILED
}
