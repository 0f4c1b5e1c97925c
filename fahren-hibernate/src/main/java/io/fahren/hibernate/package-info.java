/**
 * Hibernate ORM / Jakarta Persistence integration: {@link io.fahren.hibernate.FahrenMultiTenantConnectionProvider}
 * and {@link io.fahren.hibernate.FahrenTenantIdentifierResolver}, backed by the PostgreSQL strategies.
 */
package io.fahren.hibernate;
