package io.fahren.impl.config;

import io.fahren.internal.ConfigValues;
import io.fahren.internal.HealthProbe;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * The typed view of {@code fahren.health.*}.
 *
 * @param enabled whether Fahren registers its health checks
 * @param showTenantIds whether tenant ids may appear in health responses
 * @param failingTenantSeconds how long a tenant may fail to connect before its pools count as unhealthy
 * @param timeoutSeconds how long one probe may take
 */
public record HealthConfig(boolean enabled, boolean showTenantIds, int failingTenantSeconds, int timeoutSeconds) {

    /**
     * @param config MicroProfile Config
     * @param problems where each problem is added
     * @return the settings, with defaults in place of wrong values
     */
    public static HealthConfig load(Config config, List<String> problems) {
        return new HealthConfig(
                ConfigValues.bool(config, ConfigKey.HEALTH_ENABLED.key(), problems).orElse(true),
                ConfigValues.bool(config, ConfigKey.HEALTH_SHOW_TENANT_IDS.key(), problems).orElse(false),
                ConfigValues.positive(config, ConfigKey.HEALTH_FAILING_TENANT_SECONDS.key(), problems)
                        .orElse(Integer.parseInt(ConfigKey.HEALTH_FAILING_TENANT_SECONDS.defaultValue())),
                ConfigValues.positive(config, ConfigKey.HEALTH_TIMEOUT_SECONDS.key(), problems)
                        .orElse(Integer.parseInt(ConfigKey.HEALTH_TIMEOUT_SECONDS.defaultValue())));
    }

    /** @return what the probes may report */
    public HealthProbe.Settings settings() {
        return new HealthProbe.Settings(showTenantIds, failingTenantSeconds);
    }
}
