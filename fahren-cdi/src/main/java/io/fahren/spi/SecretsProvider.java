package io.fahren.spi;

import java.util.Optional;

/**
 * Where per-tenant credentials live: Vault, AWS Secrets Manager, a local file, MicroProfile Config.
 *
 * <p>Paths look like {@code /tenants/{tenantId}/{resource}/connection}. Implementations never
 * log or put secret values in exception messages.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class MySecrets implements SecretsProvider {
 *     public Optional<Secret> read(String path) { ... }
 *     public void write(String path, Secret secret) { ... }
 *     public void delete(String path) { ... }
 * }
 * }</pre>
 */
public interface SecretsProvider {

    /**
     * @param path the secret's path
     * @return the secret, or empty when there is none at that path
     */
    Optional<Secret> read(String path);

    /**
     * Creates or replaces the secret at {@code path}.
     *
     * @param path the secret's path
     * @param secret the fields to store
     */
    void write(String path, Secret secret);

    /**
     * Deletes the secret at {@code path}, every version of it where the backend keeps versions.
     * Deleting a missing secret does nothing.
     *
     * @param path the secret's path
     */
    void delete(String path);
}
