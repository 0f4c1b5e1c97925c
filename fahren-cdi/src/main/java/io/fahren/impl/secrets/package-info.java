/**
 * The producer of {@code SecretsProvider} and {@code TenantSecrets} from the configuration.
 * Private to fahren-cdi.
 */
package io.fahren.impl.secrets;
