/**
 * Per-tenant schema migrations with Flyway: {@link io.fahren.flyway.TenantMigrations}.
 */
package io.fahren.flyway;
