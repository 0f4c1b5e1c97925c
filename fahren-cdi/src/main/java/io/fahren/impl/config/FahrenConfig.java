package io.fahren.impl.config;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantIdPolicy;
import io.fahren.internal.ConfigValues;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * The typed view of every {@code fahren.tenant.*}, {@code fahren.secrets.*}, {@code fahren.http.*}
 * {@code fahren.logging.*}, {@code fahren.health.*} and {@code fahren.telemetry.*} key, read and checked once at deployment.
 *
 * @param tenantIds the tenant id policy from {@code fahren.tenant.id-pattern}
 * @param secrets the secrets provider settings
 * @param http the HTTP tenant filter settings
 * @param mdcKey the log context key of the current tenant, from {@code fahren.logging.mdc-key}
 * @param health the health check settings
 * @param telemetry the metrics and traces settings
 */
public record FahrenConfig(TenantIdPolicy tenantIds, SecretsConfig secrets, HttpConfig http, String mdcKey,
        HealthConfig health, TelemetryConfig telemetry) {

    private static final Pattern MDC_KEY = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * Reads and validates the configuration.
     *
     * @param config the MicroProfile Config
     * @param problems where each problem is added, naming the key and the allowed values
     * @return the configuration, with defaults in place of wrong values so validation can go on
     */
    public static FahrenConfig load(Config config, List<String> problems) {
        checkUnknownKeys(config, problems);
        TenantIdPolicy tenantIds = TenantIdPolicy.defaultPolicy();
        String pattern = ConfigValues.get(config, ConfigKey.TENANT_ID_PATTERN.key()).orElse(null);
        if (pattern != null) {
            try {
                tenantIds = TenantIdPolicy.fromPattern(pattern);
            } catch (FahrenConfigurationException e) {
                problems.add(e.getMessage());
            }
        }
        return new FahrenConfig(tenantIds, SecretsConfig.load(config, problems), HttpConfig.load(config, problems),
                mdcKey(config, problems), HealthConfig.load(config, problems), TelemetryConfig.load(config, problems));
    }

    private static String mdcKey(Config config, List<String> problems) {
        ConfigKey key = ConfigKey.LOGGING_MDC_KEY;
        String value = ConfigValues.get(config, key.key()).orElse(key.defaultValue());
        if (!MDC_KEY.matcher(value).matches()) {
            problems.add(key.key() + " must be 1 to 64 letters, digits, '.', '_' or '-', such as 'tenant'; "
                    + "the configured value is not.");
            return key.defaultValue();
        }
        return value;
    }

    private static void checkUnknownKeys(Config config, List<String> problems) {
        Set<String> known = Arrays.stream(ConfigKey.values()).map(ConfigKey::key).collect(Collectors.toSet());
        for (String prefix : ConfigKey.OWNED_PREFIXES) {
            ConfigValues.rejectUnknown(config, prefix, known, name -> name.startsWith(ConfigKey.CONFIG_SECRETS_PREFIX),
                    problems);
        }
    }
}
