/**
 * JAX-RS integration: the {@code TenantFilter} that makes each request's tenant current, {@code
 * @TenantFree}, and the {@code TenantResolver} extension point.
 */
package io.fahren.http;
