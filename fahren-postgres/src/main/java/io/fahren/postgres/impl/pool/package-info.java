/**
 * Pools and tenant connections: the shared pool whose connections are bound to a tenant, per-
 * tenant pools, and the one place a session is reset. Private to fahren-postgres.
 */
package io.fahren.postgres.impl.pool;
