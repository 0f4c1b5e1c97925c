package io.fahren;

import java.util.Map;

/**
 * Thrown by {@link TenantManagement#deleteTenant(String)} after it tried every resource and at
 * least one of them failed to deprovision.
 *
 * <p>Every failure is listed in the message and in {@link #failures()}, and each one is also
 * attached as a suppressed exception. The tenant stays in the registry as
 * {@link TenantState#FAILED FAILED}; calling {@code deleteTenant} again retries every resource.
 *
 * <pre>{@code
 * try {
 *     management.deleteTenant("acme");
 * } catch (TenantDeletionException e) {
 *     e.failures().forEach((resource, error) -> log.warning(resource + ": " + error));
 * }
 * }</pre>
 */
public class TenantDeletionException extends TenantOperationException {

    private static final long serialVersionUID = 1L;

    /**
     * @param tenantId the tenant being deleted
     * @param failures each failed resource name with its exception, in the order they failed
     * @param message the summary
     */
    public TenantDeletionException(TenantId tenantId, Map<String, Throwable> failures, String message) {
        super(tenantId, failures, message);
    }
}
