package io.fahren.secrets;

import io.fahren.TenantIdPolicy;
import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where each tenant resource's credentials live, and how they are stored: the one place that
 * turns a tenant, a resource and an optional resource id into a secret path, and connection
 * records into JSON and back.
 *
 * <p>The path pattern ({@code fahren.secrets.path-pattern}) has the placeholders
 * {@code {tenantId}}, {@code {resource}} and {@code {resourceId}}; the {@code {resourceId}}
 * segment is left out for a resource without an id. The default
 * {@value #DEFAULT_PATTERN} gives {@code /tenants/acme/postgres/connection}, or
 * {@code /tenants/acme/postgres/analytics/connection} for the resource id {@code analytics}.
 *
 * <pre>{@code
 * @Inject TenantSecrets secrets;
 *
 * secrets.store(TenantId.of("acme"), "postgres", new ConnectionSecret(url, "tenant_acme", password));
 * ConnectionSecret c = secrets.load(TenantId.of("acme"), "postgres");
 * secrets.delete(TenantId.of("acme"), "postgres");
 * }</pre>
 */
public class TenantSecrets {

    /** The default path pattern. */
    public static final String DEFAULT_PATTERN = "/tenants/{tenantId}/{resource}/{resourceId}/connection";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final String RESOURCE_ID_SEGMENT = "/{resourceId}";

    private final SecretsProvider provider;
    private final String pattern;

    /**
     * @param provider where secrets are kept
     * @param pattern the path pattern, checked with {@link #checkPattern(String)}
     */
    public TenantSecrets(SecretsProvider provider, String pattern) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.pattern = checkPattern(pattern);
    }

    /**
     * @param pattern a candidate path pattern
     * @return the pattern
     * @throws FahrenConfigurationException when it lacks a placeholder
     */
    public static String checkPattern(String pattern) {
        if (pattern == null || !pattern.startsWith("/") || !pattern.contains("{tenantId}")
                || !pattern.contains("{resource}") || !pattern.contains(RESOURCE_ID_SEGMENT)) {
            throw new FahrenConfigurationException("fahren.secrets.path-pattern '" + pattern + "' must start with '/' "
                    + "and contain {tenantId}, {resource} and a '/{resourceId}' segment, like the default "
                    + DEFAULT_PATTERN + ".");
        }
        return pattern;
    }

    /**
     * @param tenantId the tenant
     * @param resource the resource name, such as {@code postgres}
     * @return the path of its secret
     */
    public String path(TenantId tenantId, String resource) {
        return pattern.replace(RESOURCE_ID_SEGMENT, "")
                .replace("{tenantId}", tenantId.value())
                .replace("{resource}", checkName(resource, "resource name"));
    }

    /**
     * @param tenantId the tenant
     * @param resource the resource name
     * @param resourceId the resource id, such as {@code analytics}, or null
     * @return the path of its secret
     */
    public String path(TenantId tenantId, String resource, String resourceId) {
        if (resourceId == null) {
            return path(tenantId, resource);
        }
        return pattern.replace("{resourceId}", checkName(resourceId, "resource id"))
                .replace("{tenantId}", tenantId.value())
                .replace("{resource}", checkName(resource, "resource name"));
    }

    /**
     * @param tenantId the tenant
     * @param resource the resource name
     * @param connection the credentials to store
     */
    public void store(TenantId tenantId, String resource, ConnectionSecret connection) {
        provider.write(path(tenantId, resource), connection.toSecret());
    }

    /**
     * @param tenantId the tenant
     * @param resource the resource name
     * @return the stored credentials
     * @throws SecretNotFoundException when there are none
     */
    public ConnectionSecret load(TenantId tenantId, String resource) {
        String path = path(tenantId, resource);
        return ConnectionSecret.from(provider.read(path), path);
    }

    /**
     * Deletes the credentials; does nothing when there are none.
     *
     * @param tenantId the tenant
     * @param resource the resource name
     */
    public void delete(TenantId tenantId, String resource) {
        provider.delete(path(tenantId, resource));
    }

    /**
     * @param secret a secret
     * @return its fields as a JSON object
     */
    public static String toJson(Secret secret) {
        return SecretJson.toJson(secret);
    }

    /**
     * @param json a JSON object whose values are strings
     * @return the secret
     * @throws IllegalArgumentException when the JSON is not such an object; the message never
     *         quotes the input
     */
    public static Secret fromJson(String json) {
        return SecretJson.fromJson(json, "(JSON input)");
    }

    private static String checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid " + what + " '" + (name == null ? null : TenantIdPolicy.escape(name)) + "': it must match " + NAME.pattern());
        }
        return name;
    }

    @Override
    public String toString() {
        return "TenantSecrets[" + pattern + " in " + provider + "]";
    }
}
