package io.fahren.secrets;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach Vault's KV version 2 engine: the address, a token or an AppRole, the mount and the
 * namespace. {@link #toString()} never shows the token or the secret id.
 *
 * <pre>{@code
 * VaultSettings settings = VaultSettings.withToken(URI.create("https://vault:8200"), token)
 *         .withMount("kv").withNamespace("team-a");
 * SecretsProvider secrets = new VaultSecretsProvider(settings);
 * }</pre>
 *
 * @param address Vault's address
 * @param token the token, or null when AppRole is used
 * @param roleId the AppRole role id, or null when a token is used
 * @param secretId the AppRole secret id, or null when a token is used
 * @param mount the KV v2 mount path, such as {@code secret}
 * @param namespace the Vault Enterprise namespace, or null
 */
public record VaultSettings(URI address, String token, String roleId, String secretId, String mount, String namespace) {

    /**
     * @throws IllegalArgumentException when neither a token nor a full AppRole is given, or both
     */
    public VaultSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mount, "mount");
        boolean hasToken = token != null;
        boolean hasAppRole = roleId != null && secretId != null;
        if (hasToken == hasAppRole || (!hasAppRole && (roleId != null || secretId != null))) {
            throw new IllegalArgumentException("Vault needs either a token (fahren.secrets.vault.token) or an AppRole "
                    + "(fahren.secrets.vault.role-id and fahren.secrets.vault.secret-id), not both and not neither");
        }
        mount = mount.replaceAll("^/+|/+$", "");
        if (mount.isEmpty()) {
            throw new IllegalArgumentException("The Vault mount (fahren.secrets.vault.mount) is empty; the default is 'secret'");
        }
    }

    /**
     * @param address Vault's address
     * @param token a Vault token
     * @return settings for the mount {@code secret}, no namespace
     */
    public static VaultSettings withToken(URI address, String token) {
        return new VaultSettings(address, Objects.requireNonNull(token, "token"), null, null, "secret", null);
    }

    /**
     * @param address Vault's address
     * @param roleId the AppRole role id
     * @param secretId the AppRole secret id
     * @return settings for the mount {@code secret}, no namespace
     */
    public static VaultSettings withAppRole(URI address, String roleId, String secretId) {
        return new VaultSettings(address, null, Objects.requireNonNull(roleId, "roleId"),
                Objects.requireNonNull(secretId, "secretId"), "secret", null);
    }

    /**
     * @param newMount the KV v2 mount path
     * @return a copy with that mount
     */
    public VaultSettings withMount(String newMount) {
        return new VaultSettings(address, token, roleId, secretId, newMount, namespace);
    }

    /**
     * @param newNamespace the Vault Enterprise namespace, or null
     * @return a copy with that namespace
     */
    public VaultSettings withNamespace(String newNamespace) {
        return new VaultSettings(address, token, roleId, secretId, mount, newNamespace);
    }

    /**
     * @return whether Fahren logs in with AppRole rather than a fixed token
     */
    public boolean usesAppRole() {
        return token == null;
    }

    @Override
    public String toString() {
        return "VaultSettings[address=" + address + ", auth=" + (usesAppRole() ? "approle " + roleId : "token (redacted)")
                + ", mount=" + mount + ", namespace=" + namespace + "]";
    }
}
