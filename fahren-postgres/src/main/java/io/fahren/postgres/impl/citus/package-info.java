/** The Citus calls of {@link io.fahren.postgres.CitusDistribution}. No API. */
package io.fahren.postgres.impl.citus;
