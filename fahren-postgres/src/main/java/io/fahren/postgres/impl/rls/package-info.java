/**
 * Row-level security on shared tables: setup ({@code RlsSetup}), provisioning and deletion
 * ({@code RlsResource}), the tenants side ({@code RlsIsolation}) and referential integrity
 * ({@code RlsIntegrity}). Private to fahren-postgres.
 */
package io.fahren.postgres.impl.rls;
