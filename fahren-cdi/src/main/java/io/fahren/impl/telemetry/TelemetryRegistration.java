package io.fahren.impl.telemetry;

import io.fahren.internal.LifecycleTelemetry;
import io.fahren.internal.PoolStatsSource;
import io.fahren.spi.TenantRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.util.Set;

/**
 * Installs {@link OpenTelemetrySink}. Kept apart from the extension, which calls it only when the
 * OpenTelemetry API is on the class path, so the extension itself never links to it.
 */
public final class TelemetryRegistration {

    private TelemetryRegistration() {
    }

    /**
     * Reports to the application's {@code OpenTelemetry} bean (MicroProfile Telemetry provides one),
     * else to {@link GlobalOpenTelemetry}.
     *
     * @param beanManager the deployment's bean manager
     * @param tenantAttribute whether metrics carry the tenant id
     * @return what to close at shutdown
     */
    public static AutoCloseable install(BeanManager beanManager, boolean tenantAttribute) {
        TenantRegistry registry = reference(beanManager, TenantRegistry.class);
        Instance<PoolStatsSource> pools = beanManager.createInstance().select(PoolStatsSource.class);
        OpenTelemetry openTelemetry = beanManager.getBeans(OpenTelemetry.class).isEmpty() ? GlobalOpenTelemetry.get()
                : reference(beanManager, OpenTelemetry.class);
        OpenTelemetrySink sink = new OpenTelemetrySink(openTelemetry, tenantAttribute, registry::countByState,
                () -> pools.stream().toList());
        LifecycleTelemetry.install(sink);
        return () -> {
            LifecycleTelemetry.reset();
            sink.close();
        };
    }

    private static <T> T reference(BeanManager beanManager, Class<T> type) {
        Set<Bean<?>> beans = beanManager.getBeans(type);
        Bean<?> bean = beanManager.resolve(beans);
        return type.cast(beanManager.getReference(bean, type, beanManager.createCreationalContext(bean)));
    }
}
