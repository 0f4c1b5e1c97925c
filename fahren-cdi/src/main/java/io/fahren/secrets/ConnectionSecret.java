package io.fahren.secrets;

import io.fahren.spi.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The credentials of one tenant resource: where to connect, as whom, with which password.
 * {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * ConnectionSecret connection = new ConnectionSecret("jdbc:postgresql://db/tenant_acme", "tenant_acme", password);
 * tenantSecrets.store(TenantId.of("acme"), "postgres", connection);
 * }</pre>
 *
 * @param url where to connect, or null when the resource knows
 * @param username the user or role name
 * @param password the password
 */
public record ConnectionSecret(String url, String username, String password) {

    /**
     * @throws NullPointerException when the username or password is missing
     */
    public ConnectionSecret {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /**
     * @return the fields {@code url} (when set), {@code username} and {@code password}
     */
    public Secret toSecret() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (url != null) {
            fields.put("url", url);
        }
        fields.put("username", username);
        fields.put("password", password);
        return Secret.of(fields);
    }

    /**
     * @param secret a secret with {@code username} and {@code password}, and optionally {@code url}
     * @param path where it was read, for the error message
     * @return the connection
     * @throws IllegalArgumentException when a required field is missing
     */
    public static ConnectionSecret from(Secret secret, String path) {
        return new ConnectionSecret(secret.get("url").orElse(null),
                secret.get("username").orElseThrow(() -> missing("username", path)),
                secret.get("password").orElseThrow(() -> missing("password", path)));
    }

    private static IllegalArgumentException missing(String field, String path) {
        return new IllegalArgumentException("The secret at " + path + " has no '" + field + "' field");
    }

    @Override
    public String toString() {
        return "ConnectionSecret[url=" + url + ", username=" + username + ", password=(redacted)]";
    }
}
