package io.fahren;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
public class TenantDeletionException extends FahrenException {

    private static final long serialVersionUID = 1L;

    private final TenantId tenantId;
    private final transient Map<String, Throwable> failures;

    /**
     * @param tenantId the tenant being deleted
     * @param failures each failed resource name with its exception, in the order they failed
     * @param message the summary
     */
    public TenantDeletionException(TenantId tenantId, Map<String, Throwable> failures, String message) {
        super(message);
        this.tenantId = tenantId;
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        failures.values().forEach(this::addSuppressed);
    }

    /**
     * @return the tenant being deleted
     */
    public TenantId tenantId() {
        return tenantId;
    }

    /**
     * @return each failed resource name mapped to its exception, in the order they failed
     */
    public Map<String, Throwable> failures() {
        return failures;
    }

    /**
     * @return the names of the resources that failed
     */
    public List<String> failedResources() {
        return List.copyOf(failures.keySet());
    }
}
