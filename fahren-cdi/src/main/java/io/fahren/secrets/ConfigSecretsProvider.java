package io.fahren.secrets;

import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;

/**
 * Read-only secrets from MicroProfile Config, for fixed credentials handed in by the platform
 * (Kubernetes secrets mounted as config, environment variables).
 *
 * <p>The path {@code /tenants/acme/postgres/connection} is read from every property named
 * {@code fahren.secrets.values.tenants.acme.postgres.connection.<field>}:
 *
 * <pre>{@code
 * fahren.secrets.values.tenants.acme.postgres.connection.username=tenant_acme
 * fahren.secrets.values.tenants.acme.postgres.connection.password=${ACME_DB_PASSWORD}
 * }</pre>
 *
 * Writing and deleting throw {@link UnsupportedOperationException}: configuration is static, so
 * this provider cannot hold credentials Fahren generates when it creates a tenant.
 */
public final class ConfigSecretsProvider implements SecretsProvider {

    /** Where the values live. */
    public static final String PREFIX = "fahren.secrets.values.";

    private final Config config;

    /**
     * @param config the MicroProfile Config to read from
     */
    public ConfigSecretsProvider(Config config) {
        this.config = config;
    }

    @Override
    public Secret read(String path) {
        String prefix = prefixOf(path);
        Map<String, String> fields = new LinkedHashMap<>();
        StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith(prefix) && name.indexOf('.', prefix.length()) < 0)
                .sorted()
                .forEach(name -> config.getOptionalValue(name, String.class)
                        .ifPresent(value -> fields.put(name.substring(prefix.length()), value)));
        if (fields.isEmpty()) {
            throw new SecretNotFoundException(path, "No secret at " + path + " in MicroProfile Config: no property "
                    + prefix + "<field> is set.");
        }
        return Secret.of(fields);
    }

    @Override
    public void write(String path, Secret secret) {
        throw readOnly("write " + path);
    }

    @Override
    public void delete(String path) {
        throw readOnly("delete " + path);
    }

    private static String prefixOf(String path) {
        return PREFIX + path.replaceAll("^/+", "").replace('/', '.') + ".";
    }

    private static UnsupportedOperationException readOnly(String what) {
        return new UnsupportedOperationException("Cannot " + what + ": the MicroProfile Config secrets provider is "
                + "static and read-only. Strategies that create credentials per tenant need a writable provider: "
                + "set fahren.secrets.provider to vault, aws or file.");
    }

    @Override
    public String toString() {
        return "ConfigSecretsProvider";
    }
}
