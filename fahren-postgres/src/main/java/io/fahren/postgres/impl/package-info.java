/**
 * Private implementation of the PostgreSQL strategies; it may change in any release. This package
 * holds {@code StrategyEngine}, the implementation behind {@link io.fahren.postgres.Postgres}; the
 * subpackages split the rest by concern ({@code sql}, {@code config}, {@code registry},
 * {@code pool}, {@code rls}, {@code schema}, {@code database}, {@code cdi}).
 */
package io.fahren.postgres.impl;
