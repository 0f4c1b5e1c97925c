package io.fahren.impl.config;

import io.fahren.internal.ConfigValues;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * The typed view of {@code fahren.telemetry.*}.
 *
 * @param enabled whether Fahren reports metrics and traces when the OpenTelemetry API is present
 * @param tenantAttribute whether metrics carry the tenant id
 */
public record TelemetryConfig(boolean enabled, boolean tenantAttribute) {

    /**
     * @param config MicroProfile Config
     * @param problems where each problem is added
     * @return the settings, with defaults in place of wrong values
     */
    public static TelemetryConfig load(Config config, List<String> problems) {
        return new TelemetryConfig(ConfigValues.bool(config, ConfigKey.TELEMETRY_ENABLED.key(), problems).orElse(true),
                ConfigValues.bool(config, ConfigKey.TELEMETRY_TENANT_ATTRIBUTE.key(), problems).orElse(false));
    }
}
