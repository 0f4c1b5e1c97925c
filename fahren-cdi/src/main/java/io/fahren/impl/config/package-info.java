/**
 * Reading and checking the {@code fahren.*} configuration at deployment. Private to fahren-cdi.
 */
package io.fahren.impl.config;
