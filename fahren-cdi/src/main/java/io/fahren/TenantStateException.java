package io.fahren;

/**
 * Thrown when a lifecycle operation does not apply to the state the tenant is in: resuming a
 * tenant that is not suspended, or suspending, resuming or rotating one that is being created or
 * deleted, or FAILED. Nothing was changed; the message names the state and the call that helps.
 *
 * <pre>{@code
 * try {
 *     management.resumeTenant("acme");
 * } catch (TenantStateException e) {
 *     // acme is not suspended
 * }
 * }</pre>
 */
public class TenantStateException extends FahrenException {

    private static final long serialVersionUID = 1L;

    private final TenantId tenantId;
    private final TenantState state;

    /**
     * @param tenantId the tenant
     * @param state the state it is in
     * @param message what was refused and what to do
     */
    public TenantStateException(TenantId tenantId, TenantState state, String message) {
        super(message);
        this.tenantId = tenantId;
        this.state = state;
    }

    /** @return the tenant */
    public TenantId tenantId() {
        return tenantId;
    }

    /** @return the state it was in */
    public TenantState state() {
        return state;
    }
}
