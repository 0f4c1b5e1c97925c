/**
 * Fahren's public API: the tenant model ({@link io.fahren.TenantId}, {@link io.fahren.Tenants}),
 * the {@link io.fahren.TenantScoped} scope, the {@link io.fahren.RunAsTenant} interceptor binding
 * and {@link io.fahren.TenantManagement}.
 */
package io.fahren;
