package io.fahren;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown when a lifecycle operation on a provisioned tenant (suspend, resume, rotate credentials)
 * tried every resource and at least one failed. Each failure is listed in the message and in
 * {@link #failures()}, and attached as a suppressed exception. The message says which state the
 * tenant was left in and which call finishes the operation.
 *
 * <pre>{@code
 * try {
 *     management.suspendTenant("acme");
 * } catch (TenantOperationException e) {
 *     e.failures().forEach((resource, error) -> log.warning(resource + ": " + error));
 * }
 * }</pre>
 */
public class TenantOperationException extends FahrenException {

    private static final long serialVersionUID = 1L;

    private final TenantId tenantId;
    private final transient Map<String, Throwable> failures;

    /**
     * @param tenantId the tenant operated on
     * @param failures each failed resource name with its exception, in the order they failed
     * @param message the summary
     */
    public TenantOperationException(TenantId tenantId, Map<String, Throwable> failures, String message) {
        super(message);
        this.tenantId = tenantId;
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        failures.values().forEach(this::addSuppressed);
    }

    /**
     * @return the tenant operated on
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
