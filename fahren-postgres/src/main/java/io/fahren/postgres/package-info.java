/**
 * PostgreSQL isolation at the JDBC level: {@code Postgres}, {@code PostgresManagement}, {@code
 * PostgresTenants}, the options of the three strategies and the PostgreSQL registry.
 */
package io.fahren.postgres;
