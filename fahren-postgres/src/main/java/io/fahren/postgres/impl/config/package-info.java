/**
 * {@code PostgresConfigKey}, where every {@code fahren.postgres.*} key and its default is written
 * once. A leaf. Private to fahren-postgres.
 */
package io.fahren.postgres.impl.config;
