/**
 * The {@code @TenantScoped} context, where a {@code @RunAsTenant} method finds its tenant, and
 * the tenant scope of an HTTP request. Private to fahren-cdi.
 */
package io.fahren.impl.context;
