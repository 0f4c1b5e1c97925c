/**
 * The {@code @RunAsTenant} interceptor. Private to fahren-cdi; it may change in any release.
 */
package io.fahren.impl.interceptor;
