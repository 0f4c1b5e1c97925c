package io.fahren.postgres;

/**
 * Whether {@link CitusDistribution} makes the Citus calls that distribute a tenant's data
 * ({@code fahren.postgres.citus}).
 *
 * <pre>{@code
 * postgres.forManagement(List.of(postgres.citusDistribution(CitusMode.REQUIRED))).createTenant("acme");
 * }</pre>
 */
public enum CitusMode {
    /** No Citus call; the default. */
    OFF,
    /** The calls when the server has the {@code citus} extension; nothing when it has not. */
    AUTO,
    /** The calls; a server without the {@code citus} extension fails {@code createTenant}, changing nothing. */
    REQUIRED
}
