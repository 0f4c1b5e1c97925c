/**
 * The CDI wiring of fahren-redis-cdi: its portable extension, the runtime bean that alone reads
 * it, and the beans it produces. Private to fahren-redis-cdi.
 */
package io.fahren.redis.impl.cdi;
