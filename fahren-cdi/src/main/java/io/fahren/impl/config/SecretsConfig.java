package io.fahren.impl.config;

import io.fahren.TenantIdPolicy;
import io.fahren.internal.ConfigValues;
import io.fahren.FahrenConfigurationException;
import io.fahren.secrets.AwsSettings;
import io.fahren.secrets.TenantSecrets;
import io.fahren.secrets.VaultSettings;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The typed view of {@code fahren.secrets.*}. Only the chosen provider's keys are required.
 * {@link #toString()} never shows a token.
 *
 * @param provider the chosen provider, if any
 * @param pathPattern the secret path pattern
 * @param vault Vault settings when Vault is chosen, else null
 * @param aws AWS settings when AWS is chosen, else null
 * @param file the secrets file when the file provider is chosen, else null
 */
public record SecretsConfig(Optional<Kind> provider, String pathPattern, VaultSettings vault, AwsSettings aws, Path file) {

    /** The built-in providers. */
    public enum Kind {
        /** HashiCorp Vault KV v2. */
        VAULT,
        /** AWS Secrets Manager. */
        AWS,
        /** A local JSON file. */
        FILE,
        /** MicroProfile Config, read-only. */
        CONFIG;

        public static String allowed() {
            return ConfigValues.allowed(Kind.class);
        }
    }

    /**
     * @param config MicroProfile Config
     * @param problems where each problem is added
     * @return the settings; the chosen provider's part is null when it has problems
     */
    static SecretsConfig load(Config config, List<String> problems) {
        String pattern = value(config, ConfigKey.SECRETS_PATH_PATTERN).orElse(ConfigKey.SECRETS_PATH_PATTERN.defaultValue());
        try {
            TenantSecrets.checkPattern(pattern);
        } catch (FahrenConfigurationException e) {
            problems.add(e.getMessage());
        }
        Optional<Kind> provider = ConfigValues.oneOf(config, ConfigKey.SECRETS_PROVIDER.key(), Kind.class, problems);
        Kind kind = provider.orElse(null);
        return new SecretsConfig(provider, pattern,
                kind == Kind.VAULT ? vault(config, problems) : null,
                kind == Kind.AWS ? aws(config, problems) : null,
                kind == Kind.FILE ? file(config, problems) : null);
    }

    private static VaultSettings vault(Config config, List<String> problems) {
        requireClass("io.github.jopenlibs.vault.Vault", "io.github.jopenlibs:vault-java-driver", "vault", problems);
        Optional<URI> address = uri(config, ConfigKey.VAULT_ADDRESS, true, problems);
        if (address.isEmpty()) {
            return null;
        }
        try {
            return new VaultSettings(address.get(), value(config, ConfigKey.VAULT_TOKEN).orElse(null),
                    value(config, ConfigKey.VAULT_ROLE_ID).orElse(null), value(config, ConfigKey.VAULT_SECRET_ID).orElse(null),
                    value(config, ConfigKey.VAULT_MOUNT).orElse(ConfigKey.VAULT_MOUNT.defaultValue()),
                    value(config, ConfigKey.VAULT_NAMESPACE).orElse(null));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage() + ".");
            return null;
        }
    }

    private static AwsSettings aws(Config config, List<String> problems) {
        requireClass("software.amazon.awssdk.services.secretsmanager.SecretsManagerClient",
                "software.amazon.awssdk:secretsmanager", "aws", problems);
        Optional<String> region = value(config, ConfigKey.AWS_REGION);
        if (region.isEmpty()) {
            problems.add(ConfigKey.AWS_REGION.key() + " is required with fahren.secrets.provider=aws, such as eu-west-1.");
        }
        Optional<URI> endpoint = uri(config, ConfigKey.AWS_ENDPOINT, false, problems);
        return region.map(r -> new AwsSettings(r, endpoint.orElse(null))).orElse(null);
    }

    private static Path file(Config config, List<String> problems) {
        Optional<String> raw = value(config, ConfigKey.FILE_PATH);
        if (raw.isEmpty()) {
            problems.add(ConfigKey.FILE_PATH.key() + " is required with fahren.secrets.provider=file, such as "
                    + "target/dev-secrets.json.");
            return null;
        }
        try {
            return Path.of(raw.get());
        } catch (InvalidPathException e) {
            problems.add(ConfigKey.FILE_PATH.key() + " is not a valid file path: " + e.getReason() + ".");
            return null;
        }
    }

    private static Optional<URI> uri(Config config, ConfigKey key, boolean required, List<String> problems) {
        Optional<String> raw = value(config, key);
        if (raw.isEmpty()) {
            if (required) {
                problems.add(key.key() + " is required with the chosen secrets provider, such as https://host:8200.");
            }
            return Optional.empty();
        }
        try {
            URI uri = URI.create(raw.get());
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            problems.add(key.key() + " is '" + TenantIdPolicy.escape(raw.get()) + "', which is not an http or https URL.");
            return Optional.empty();
        }
    }

    private static void requireClass(String className, String artifact, String provider, List<String> problems) {
        try {
            Class.forName(className, false, SecretsConfig.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add("fahren.secrets.provider=" + provider + " needs " + artifact + " on the class path; add it "
                    + "to the application (it is an optional dependency of fahren-cdi).");
        }
    }

    private static Optional<String> value(Config config, ConfigKey key) {
        return ConfigValues.get(config, key.key());
    }

    @Override
    public String toString() {
        return "SecretsConfig[provider=" + provider + ", pathPattern=" + pathPattern + ", vault=" + vault + ", aws=" + aws
                + ", file=" + file + "]";
    }
}
