/**
 * The current tenant in the logging libraries' diagnostic contexts ({@code fahren.logging.mdc-key}).
 * Private to fahren-cdi.
 */
package io.fahren.impl.logging;
