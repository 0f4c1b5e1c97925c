package io.fahren;

/**
 * CDI event fired synchronously after {@link TenantManagement#deleteTenant(String)} removed every
 * resource of a tenant and the tenant from the registry.
 *
 * <pre>{@code
 * void onDeleted(@Observes TenantDeleted event) {
 *     audit.record("deleted " + event.tenantId());
 * }
 * }</pre>
 *
 * @param tenantId the deleted tenant
 */
public record TenantDeleted(TenantId tenantId) {
}
