/**
 * Pools and tenant connections: the shared pool whose connections are bound to a tenant (before
 * their first statement, in its round trip where it can carry the binding, and not at all when
 * the session is bound to that tenant already), per-tenant pools, and the one place a session is
 * cleared. Private to fahren-postgres.
 */
package io.fahren.postgres.impl.pool;
