package io.fahren.impl.health;

import io.fahren.internal.HealthProbe;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * {@code /health/live}: Fahren's own state, such as the per-tenant pools within their caps.
 *
 * <p>{@code @ApplicationScoped @Liveness} are added by {@code io.fahren.impl.FahrenExtension},
 * only when MicroProfile Health is present and {@code fahren.health.enabled} is not false.
 */
public class FahrenLiveness extends FahrenHealth implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return report(HealthProbe.Kind.LIVENESS, "fahren-liveness");
    }
}
