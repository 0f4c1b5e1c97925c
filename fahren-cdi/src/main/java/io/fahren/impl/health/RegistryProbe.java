package io.fahren.impl.health;

import io.fahren.internal.HealthProbe;
import io.fahren.spi.TenantRegistry;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Whether the tenant registry the application uses answers ({@link TenantRegistry#ping()}).
 *
 * <p>Application scoped; the scope is added by {@code io.fahren.impl.FahrenExtension}.
 */
public class RegistryProbe implements HealthProbe {

    @Inject
    TenantRegistry registry;

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public Result check(Settings settings) {
        try {
            registry.ping();
            return new Result(true, Map.of());
        } catch (RuntimeException e) {
            return Result.down(e);
        }
    }
}
