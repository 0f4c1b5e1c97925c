/**
 * Extension points that users and Fahren modules implement: {@link io.fahren.spi.TenantResource},
 * {@link io.fahren.spi.TenantRegistry} and {@link io.fahren.spi.SecretsProvider}.
 * Compatibility is guaranteed like for {@code io.fahren}.
 */
package io.fahren.spi;
