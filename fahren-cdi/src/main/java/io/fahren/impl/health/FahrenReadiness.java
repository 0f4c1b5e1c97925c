package io.fahren.impl.health;

import io.fahren.internal.HealthProbe;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * {@code /health/ready}: the registry, the secrets store and each module's servers answer.
 *
 * <p>{@code @ApplicationScoped @Readiness} are added by {@code io.fahren.impl.FahrenExtension},
 * only when MicroProfile Health is present and {@code fahren.health.enabled} is not false.
 */
public class FahrenReadiness extends FahrenHealth implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return report(HealthProbe.Kind.READINESS, "fahren");
    }
}
