package io.fahren.impl.config;

import io.fahren.TenantId;
import io.fahren.internal.DocumentedKey;
import io.fahren.secrets.ConfigSecretsProvider;
import java.util.List;

/**
 * Every configuration key of {@code fahren-cdi}, each declared once with its type, default and
 * description. {@code docs/configuration.md} holds the same table; a test keeps them in step.
 */
public enum ConfigKey implements DocumentedKey {

    /** The pattern tenant ids must match. */
    TENANT_ID_PATTERN("fahren.tenant.id-pattern", "Java regex", TenantId.DEFAULT_PATTERN,
            "Pattern every tenant id must match in full. It can narrow the safety rule, never widen it: a pattern "
                    + "that admits quotes, white space, control characters, ':', ';' or * ? [ ] \\ fails deployment."),

    /** Which secrets provider to use. */
    SECRETS_PROVIDER("fahren.secrets.provider", "vault, aws, file or config", null,
            "The secrets provider behind the injectable SecretsProvider. Unset: nothing may use secrets."),
    /** Where tenant secrets are stored. */
    SECRETS_PATH_PATTERN("fahren.secrets.path-pattern", "path template",
            "/tenants/{tenantId}/{resource}/{resourceId}/connection",
            "Path of a tenant resource's secret. Must contain {tenantId}, {resource} and a {resourceId} segment, "
                    + "which is left out for resources without an id."),
    /** Vault's address. */
    VAULT_ADDRESS("fahren.secrets.vault.address", "URL", null, "Vault's address, such as https://vault:8200."),
    /** Vault token. */
    VAULT_TOKEN("fahren.secrets.vault.token", "secret", null,
            "Vault token. Give either this or role-id and secret-id."),
    /** AppRole role id. */
    VAULT_ROLE_ID("fahren.secrets.vault.role-id", "string", null, "AppRole role id, with secret-id, instead of a token."),
    /** AppRole secret id. */
    VAULT_SECRET_ID("fahren.secrets.vault.secret-id", "secret", null, "AppRole secret id, with role-id."),
    /** KV v2 mount. */
    VAULT_MOUNT("fahren.secrets.vault.mount", "path", "secret",
            "Mount path of the KV version 2 engine; secrets are written under <mount>/data/."),
    /** Vault Enterprise namespace. */
    VAULT_NAMESPACE("fahren.secrets.vault.namespace", "string", null, "Vault Enterprise namespace, if any."),
    /** AWS region. */
    AWS_REGION("fahren.secrets.aws.region", "AWS region", null, "Region of AWS Secrets Manager, such as eu-west-1."),
    /** AWS endpoint override. */
    AWS_ENDPOINT("fahren.secrets.aws.endpoint", "URL", null,
            "Endpoint override, for LocalStack and other compatible services. Unset: the region's AWS endpoint."),
    /** Local secrets file. */
    FILE_PATH("fahren.secrets.file.path", "file path", null,
            "JSON file holding the secrets, written atomically with mode 0600. For development only."),

    /** Whether the HTTP filter acts. */
    HTTP_ENABLED("fahren.http.enabled", "boolean", "true",
            "Whether the JAX-RS TenantFilter acts. false: every request passes untouched and no tenant is set."),
    /** How the HTTP filter finds the tenant. */
    HTTP_TENANT_RESOLVER("fahren.http.tenant-resolver", "header, path, subdomain or jwt-claim", "header",
            "Where the JAX-RS tenant filter reads each request's tenant. A TenantResolver bean of the application "
                    + "takes precedence."),
    /** The tenant header. */
    HTTP_TENANT_HEADER("fahren.http.tenant-header", "HTTP header name", "X-Tenant-ID",
            "The header holding the tenant id, for the header resolver."),
    /** Named path parameter. */
    HTTP_PATH_PARAMETER("fahren.http.path-parameter", "string", null,
            "For the path resolver: the path parameter holding the tenant id. Unset: the first path segment after "
                    + "the application path."),
    /** JWT claim. */
    HTTP_JWT_CLAIM("fahren.http.jwt-claim", "claim name", "tenant",
            "For the jwt-claim resolver: the claim of the MicroProfile JWT holding the tenant id."),
    /** The status of a request for a suspended tenant. */
    HTTP_SUSPENDED_STATUS("fahren.http.suspended-status", "HTTP status 400-599", "423",
            "The status the filter answers a request for a suspended tenant with (423 Locked by default; 403 or 503 "
                    + "are common choices). The body is application/problem+json titled \"Tenant suspended\"."),

    /** The MDC key of the current tenant. */
    LOGGING_MDC_KEY("fahren.logging.mdc-key", "string of letters, digits, '.', '_' or '-'", "tenant",
            "The key under which the current tenant id is kept in the MDC of SLF4J, Log4j 2 and JBoss Logging, "
                    + "whichever are on the class path, for exactly as long as the tenant is current."),

    /** Whether the health checks are registered. */
    HEALTH_ENABLED("fahren.health.enabled", "boolean", "true",
            "Whether Fahren registers its MicroProfile Health checks (readiness 'fahren', liveness 'fahren-liveness') "
                    + "when MicroProfile Health is present."),
    /** Whether health responses may name tenants. */
    HEALTH_SHOW_TENANT_IDS("fahren.health.show-tenant-ids", "boolean", "false",
            "Whether health responses may name the tenants that fail to connect. false: only their number."),
    /** How long a tenant may fail to connect. */
    HEALTH_FAILING_TENANT_SECONDS("fahren.health.failing-tenant-seconds", "positive integer", "60",
            "How long every attempt of one tenant to connect may fail before its module's per-tenant pools are "
                    + "reported DOWN in readiness."),
    /** How long a probe may take. */
    HEALTH_TIMEOUT_SECONDS("fahren.health.timeout-seconds", "positive integer", "5",
            "How long one probe (a server, the registry, the secrets store) may take to answer before it is reported "
                    + "DOWN. A probe still waiting is not started again until it answers."),

    /** Whether metrics and traces are reported. */
    TELEMETRY_ENABLED("fahren.telemetry.enabled", "boolean", "true",
            "Whether Fahren reports its metrics and traces through the OpenTelemetry API when it is present "
                    + "(MicroProfile Telemetry, or the application's SDK)."),
    /** Whether metrics carry tenant ids. */
    TELEMETRY_TENANT_ATTRIBUTE("fahren.telemetry.tenant-attribute", "boolean", "false",
            "Whether metrics carry the tenant id (fahren.tenant.id). false: spans name the tenant, metrics do not, "
                    + "so the number of time series does not grow with the number of tenants.");

    /** The prefixes this module owns: an unknown key under one of them fails deployment. */
    public static final List<String> OWNED_PREFIXES = List.of("fahren.tenant.", "fahren.secrets.", "fahren.http.",
            "fahren.logging.", "fahren.health.", "fahren.telemetry.");

    /** Under this prefix, the config provider's secret values live; their names are free. */
    public static final String CONFIG_SECRETS_PREFIX = ConfigSecretsProvider.PREFIX;

    private final Doc doc;

    ConfigKey(String key, String type, String defaultValue, String description) {
        this.doc = new Doc(key, type, defaultValue, description);
    }

    @Override
    public Doc doc() {
        return doc;
    }
}
