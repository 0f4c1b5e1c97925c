package io.fahren;

/**
 * CDI event fired synchronously after {@link TenantManagement#createTenant(String)} succeeded,
 * once the tenant is ACTIVE.
 *
 * <pre>{@code
 * void onCreated(@Observes TenantCreated event) {
 *     Tenants.runAs(event.tenantId(), () -> seedDefaults());
 * }
 * }</pre>
 *
 * @param tenantId the new tenant
 */
public record TenantCreated(TenantId tenantId) {
}
