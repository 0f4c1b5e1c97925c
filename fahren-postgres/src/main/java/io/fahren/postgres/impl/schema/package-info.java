/**
 * Schema per tenant: the tenants side ({@code SchemaIsolation}), provisioning ({@code
 * SchemaResource}), per-tenant logins ({@code SchemaLoginStrategy}), a shared pool on several
 * servers ({@code PlacedSchemaIsolation}) and moves of a schema between servers ({@code
 * SchemaMoves}). Private to fahren-postgres.
 */
package io.fahren.postgres.impl.schema;
