/**
 * Fahren's MicroProfile Health checks and the core's probes (registry, secrets store). Private to
 * fahren-cdi.
 */
package io.fahren.impl.health;
