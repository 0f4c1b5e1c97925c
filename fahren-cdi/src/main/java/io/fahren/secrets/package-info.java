/**
 * Where tenant credentials are kept: {@code TenantSecrets} over a {@code SecretsProvider} (Vault,
 * AWS Secrets Manager, a file, MicroProfile Config).
 */
package io.fahren.secrets;
