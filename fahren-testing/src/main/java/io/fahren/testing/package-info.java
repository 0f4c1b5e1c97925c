/**
 * Real PostgreSQL and Redis servers for JUnit 5 tests: {@link io.fahren.testing.WithPostgres},
 * {@link io.fahren.testing.WithRedis} and {@link io.fahren.testing.TestServers}.
 */
package io.fahren.testing;
