/**
 * {@code TenantManagement} for CDI, the ordering of {@code TenantResource} beans, and the in-
 * memory registry. Private to fahren-cdi.
 */
package io.fahren.impl.management;
