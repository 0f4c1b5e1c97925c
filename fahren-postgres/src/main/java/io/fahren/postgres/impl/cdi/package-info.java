/**
 * The CDI wiring of fahren-postgres: its portable extension, the runtime bean that alone reads
 * it, and the beans it produces. Private to fahren-postgres.
 */
package io.fahren.postgres.impl.cdi;
