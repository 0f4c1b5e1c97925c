/**
 * The tenant as a thread context of Jakarta Concurrency 3.0 and MicroProfile Context Propagation,
 * registered through {@code META-INF/services}. Private to fahren-cdi.
 */
package io.fahren.impl.propagation;
