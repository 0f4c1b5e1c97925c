/**
 * Fahren's metrics and traces through the OpenTelemetry API, installed when it is present.
 * Private to fahren-cdi.
 */
package io.fahren.impl.telemetry;
