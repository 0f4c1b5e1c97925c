/**
 * A protected JAX-RS admin API over {@link io.fahren.TenantManagement}: {@link TenantAdminResource}
 * under {@code fahren/tenants} and {@link AdminJobsResource} under {@code fahren/jobs}, relative to
 * the application's JAX-RS path. Every call needs an authenticated caller in the role
 * {@code fahren.admin.role}; errors are {@code application/problem+json}.
 *
 * <p>Add {@code fahren-admin} to the application: its resources are found by JAX-RS scanning (or
 * list them in your {@code Application.getClasses()}). See {@code docs/operations.md}.
 */
package io.fahren.admin;
