/**
 * Database per tenant, with a login and a pool per tenant; and what every strategy that places
 * tenants on several servers shares: the placement ({@code ServerPlacement}), the moves'
 * step machine ({@code ServerMoves}) and the copy of a tenant's tables ({@code TenantCopy}).
 * Private to fahren-postgres.
 */
package io.fahren.postgres.impl.database;
