/**
 * The PostgreSQL tenant registry's lifecycle locks. A leaf with respect to {@code
 * io.fahren.postgres}. Private to fahren-postgres.
 */
package io.fahren.postgres.impl.registry;
