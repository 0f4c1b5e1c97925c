package io.fahren.secrets;

import io.fahren.internal.Exclusive;
import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.response.LogicalResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Secrets in HashiCorp Vault's KV version 2 engine, through {@code io.github.jopenlibs:vault-java-driver}
 * (an optional dependency: add it when you choose this provider).
 *
 * <ul>
 *   <li>A path {@code /tenants/acme/postgres/connection} is stored at
 *       {@code <mount>/data/tenants/acme/postgres/connection}.</li>
 *   <li>{@link #delete(String)} deletes the metadata, which removes every version, so a deleted
 *       tenant's credentials cannot be read back from an older version.</li>
 *   <li>With AppRole, Fahren logs in on first use and logs in again once when Vault refuses the
 *       token (it expired).</li>
 *   <li>The address, token and timeouts never come from {@code VAULT_*} environment variables
 *       behind the configuration's back. TLS certificates are always verified, against the JVM's
 *       trust store (the driver also trusts a PEM named by {@code VAULT_SSL_CERT}).</li>
 * </ul>
 *
 * <pre>{@code
 * SecretsProvider secrets = new VaultSecretsProvider(VaultSettings.withToken(URI.create(address), token));
 * }</pre>
 */
public final class VaultSecretsProvider implements SecretsProvider {

    private static final int OPEN_TIMEOUT_SECONDS = 5;
    private static final int READ_TIMEOUT_SECONDS = 10;

    /** Configuration comes from VaultSettings only, never from VAULT_* variables. */
    private static final EnvironmentLoader NO_ENVIRONMENT = new EnvironmentLoader() {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
            return null;
        }
    };

    private final VaultSettings settings;
    private final int mountDepth;
    private final Exclusive connecting = new Exclusive();
    private volatile Vault vault;

    /**
     * @param settings where Vault is and how to log in; nothing is contacted until first use
     */
    public VaultSecretsProvider(VaultSettings settings) {
        this.settings = settings;
        this.mountDepth = settings.mount().split("/").length;
    }

    @Override
    public Secret read(String path) {
        LogicalResponse response = call("read " + path, vault -> vault.logical().read(fullPath(path)));
        int status = response.getRestResponse().getStatus();
        if (status == 404) {
            throw new SecretNotFoundException(path, "No secret at " + path + " in Vault " + settings.address()
                    + " (KV v2 mount '" + settings.mount() + "'). Was the tenant provisioned?");
        }
        expectSuccess(status, "read " + path);
        return Secret.of(response.getData());
    }

    @Override
    public void write(String path, Secret secret) {
        Map<String, Object> fields = new LinkedHashMap<>(secret.asMap());
        LogicalResponse response = call("write " + path, vault -> vault.logical().write(fullPath(path), fields));
        expectSuccess(response.getRestResponse().getStatus(), "write " + path);
    }

    @Override
    public void delete(String path) {
        call("delete " + path, vault -> vault.logical().delete(fullPath(path)));
    }

    private String fullPath(String path) {
        return settings.mount() + "/" + path.replaceAll("^/+", "");
    }

    private interface VaultCall {
        LogicalResponse apply(Vault vault) throws VaultException;
    }

    private LogicalResponse call(String what, VaultCall call) {
        try {
            LogicalResponse response = call.apply(vault());
            if (response.getRestResponse().getStatus() == 403 && settings.usesAppRole()) {
                vault = null; // the AppRole token may have expired: log in again, once
                response = call.apply(vault());
            }
            return response;
        } catch (VaultException e) {
            throw unavailable(what, e.getHttpStatusCode(), e);
        }
    }

    private void expectSuccess(int status, String what) {
        if (status != 200 && status != 204) {
            throw unavailable(what, status, null);
        }
    }

    private SecretsUnavailableException unavailable(String what, int status, Exception cause) {
        String problem = switch (status) {
            case 0 -> "could not be reached";
            case 401, 403 -> "refused the credentials (HTTP " + status + ")";
            default -> "answered HTTP " + status;
        };
        String check = status == 401 || status == 403
                ? (settings.usesAppRole() ? "fahren.secrets.vault.role-id and fahren.secrets.vault.secret-id"
                        : "fahren.secrets.vault.token") + " (and the policy on mount '" + settings.mount() + "')"
                : "fahren.secrets.vault.address";
        return new SecretsUnavailableException("Vault at " + settings.address() + " " + problem + " during " + what
                + ". Check " + check + ".", cause);
    }

    private Vault vault() throws VaultException {
        Vault current = vault;
        if (current == null) {
            current = connecting.call(() -> {
                if (vault == null) {
                    vault = connect();
                }
                return vault;
            });
        }
        return current;
    }

    private Vault connect() throws VaultException {
        VaultConfig config = new VaultConfig()
                .environmentLoader(NO_ENVIRONMENT)
                .address(settings.address().toString())
                .engineVersion(2)
                .prefixPathDepth(mountDepth)
                .openTimeout(OPEN_TIMEOUT_SECONDS)
                .readTimeout(READ_TIMEOUT_SECONDS)
                .sslConfig(new SslConfig().verify(true).build());
        if (settings.namespace() != null) {
            config.nameSpace(settings.namespace());
        }
        if (!settings.usesAppRole()) {
            return Vault.create(config.token(settings.token()).build(), 2);
        }
        Vault anonymous = Vault.create(config.build(), 2);
        int status;
        String token;
        try {
            var auth = anonymous.auth().loginByAppRole(settings.roleId(), settings.secretId());
            status = auth.getRestResponse().getStatus();
            token = auth.getAuthClientToken();
        } catch (VaultException e) {
            throw unavailable("AppRole login", e.getHttpStatusCode() == 400 ? 403 : e.getHttpStatusCode(), e);
        }
        if (token == null) {
            throw unavailable("AppRole login", status == 200 ? 403 : status, null);
        }
        return Vault.create(config.token(token).build(), 2);
    }

    @Override
    public String toString() {
        return "VaultSecretsProvider[" + settings + "]";
    }
}
