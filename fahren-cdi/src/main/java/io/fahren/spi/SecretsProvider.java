package io.fahren.spi;

/**
 * Where per-tenant credentials live: Vault, AWS Secrets Manager, a local file, MicroProfile Config.
 * Fahren's own providers are in {@code io.fahren.secrets} and chosen with
 * {@code fahren.secrets.provider}; to plug in another, declare it as a bean with
 * {@code @Alternative @Priority(...)}.
 *
 * <p>Paths look like {@code /tenants/{tenantId}/{resource}/connection}. Implementations never
 * log or put secret values in exception messages, and are safe for concurrent use.
 *
 * <pre>{@code
 * @ApplicationScoped @Alternative @Priority(10)
 * public class MySecrets implements SecretsProvider {
 *     public Secret read(String path) { ... }
 *     public void write(String path, Secret secret) { ... }
 *     public void delete(String path) { ... }
 * }
 * }</pre>
 */
public interface SecretsProvider {

    /**
     * @param path the secret's path
     * @return the secret
     * @throws io.fahren.secrets.SecretNotFoundException when there is no secret at that path
     * @throws io.fahren.secrets.SecretsUnavailableException when the backend cannot be reached or
     *         refuses the credentials
     */
    Secret read(String path);

    /**
     * Creates or replaces the secret at {@code path}.
     *
     * @param path the secret's path
     * @param secret the fields to store
     * @throws io.fahren.secrets.SecretsUnavailableException when the backend cannot be reached or
     *         refuses the credentials
     */
    void write(String path, Secret secret);

    /**
     * Deletes the secret at {@code path}, every version of it where the backend keeps versions.
     * Deleting a missing secret does nothing.
     *
     * @param path the secret's path
     * @throws io.fahren.secrets.SecretsUnavailableException when the backend cannot be reached or
     *         refuses the credentials
     */
    void delete(String path);
}
