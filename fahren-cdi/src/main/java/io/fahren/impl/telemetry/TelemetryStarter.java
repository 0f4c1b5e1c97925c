package io.fahren.impl.telemetry;

import io.fahren.impl.runtime.FahrenRuntime;
import io.fahren.internal.LifecycleTelemetry;
import io.fahren.internal.PoolStatsSource;
import io.fahren.spi.TenantRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Starts {@link OpenTelemetrySink} once the application has started, when a container's
 * {@code OpenTelemetry} bean (MicroProfile Telemetry) is fully set up for it, and stops it at
 * shutdown. Reports to that bean, else to {@link GlobalOpenTelemetry}.
 *
 * <p>{@code @ApplicationScoped} is added by {@code io.fahren.impl.FahrenExtension}, only when the
 * OpenTelemetry API is present and {@code fahren.telemetry.enabled} is not false.
 */
public class TelemetryStarter {

    @Inject
    FahrenRuntime runtime;

    @Inject
    TenantRegistry registry;

    @Inject
    @Any
    Instance<PoolStatsSource> pools;

    @Inject
    Instance<OpenTelemetry> openTelemetry;

    private OpenTelemetrySink sink;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        OpenTelemetry reportTo = openTelemetry.isResolvable() ? openTelemetry.get() : GlobalOpenTelemetry.get();
        sink = new OpenTelemetrySink(reportTo, runtime.config().telemetry().tenantAttribute(), registry::countByState,
                () -> pools.stream().toList());
        LifecycleTelemetry.install(sink);
    }

    @PreDestroy
    void stop() {
        LifecycleTelemetry.reset();
        if (sink != null) {
            sink.close();
        }
    }
}
