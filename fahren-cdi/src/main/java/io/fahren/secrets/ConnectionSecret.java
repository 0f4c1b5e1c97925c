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
 * <p>During a credential rotation the secret holds the new password and, in
 * {@link #previousPassword()}, the one it replaces, which the server may still be the only one to
 * accept for a moment: connecting code tries {@link #password()} first, then the previous one.
 *
 * @param url where to connect, or null when the resource knows
 * @param username the user or role name
 * @param password the password
 * @param previousPassword the password being rotated out, or null outside a rotation
 */
public record ConnectionSecret(String url, String username, String password, String previousPassword) {

    /**
     * @throws NullPointerException when the username or password is missing
     */
    public ConnectionSecret {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /**
     * Credentials outside a rotation.
     *
     * @param url where to connect, or null when the resource knows
     * @param username the user or role name
     * @param password the password
     */
    public ConnectionSecret(String url, String username, String password) {
        this(url, username, password, null);
    }

    /**
     * @param next the new password
     * @return these credentials during a rotation to {@code next}, with the current password as the previous one
     */
    public ConnectionSecret rotatingTo(String next) {
        return new ConnectionSecret(url, username, next, password);
    }

    /** @return these credentials with the rotation finished: the previous password dropped */
    public ConnectionSecret rotated() {
        return new ConnectionSecret(url, username, password, null);
    }

    /** @return whether a rotation is under way (or was interrupted): a previous password is kept */
    public boolean isRotating() {
        return previousPassword != null;
    }

    /**
     * @return the fields {@code url} (when set), {@code username}, {@code password} and (during a
     *         rotation) {@code previous-password}
     */
    public Secret toSecret() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (url != null) {
            fields.put("url", url);
        }
        fields.put("username", username);
        fields.put("password", password);
        if (previousPassword != null) {
            fields.put("previous-password", previousPassword);
        }
        return Secret.of(fields);
    }

    /**
     * @param secret a secret with {@code username} and {@code password}, and optionally {@code url}
     *        and {@code previous-password}
     * @param path where it was read, for the error message
     * @return the connection
     * @throws IllegalArgumentException when a required field is missing
     */
    public static ConnectionSecret from(Secret secret, String path) {
        return new ConnectionSecret(secret.get("url").orElse(null),
                secret.get("username").orElseThrow(() -> missing("username", path)),
                secret.get("password").orElseThrow(() -> missing("password", path)),
                secret.get("previous-password").orElse(null));
    }

    private static IllegalArgumentException missing(String field, String path) {
        return new IllegalArgumentException("The secret at " + path + " has no '" + field + "' field");
    }

    @Override
    public String toString() {
        return "ConnectionSecret[url=" + url + ", username=" + username + ", password=(redacted)"
                + (previousPassword == null ? "" : ", previousPassword=(redacted)") + "]";
    }
}
