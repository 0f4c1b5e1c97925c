/**
 * Database per tenant, with a login and a pool per tenant. Private to fahren-postgres.
 */
package io.fahren.postgres.impl.database;
