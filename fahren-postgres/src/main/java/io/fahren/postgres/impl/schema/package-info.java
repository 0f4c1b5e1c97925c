/**
 * Schema per tenant: the tenants side ({@code SchemaIsolation}), provisioning ({@code
 * SchemaResource}) and per-tenant logins ({@code SchemaLoginStrategy}). Private to fahren-
 * postgres.
 */
package io.fahren.postgres.impl.schema;
