package io.fahren.impl.health;

import io.fahren.impl.runtime.FahrenRuntime;
import io.fahren.internal.HealthProbe;
import io.fahren.secrets.SecretNotFoundException;
import io.fahren.spi.SecretsProvider;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Whether the configured secrets store answers: it reads a path no tenant has, so the store is
 * reachable when it says the secret is not there. Up with {@code provider: none} when no store is
 * configured.
 *
 * <p>Application scoped; the scope is added by {@code io.fahren.impl.FahrenExtension}.
 */
public class SecretsProbe implements HealthProbe {

    /** Outside the tenant path pattern's {@code /tenants/...}, so it never names a tenant. */
    static final String PROBE_PATH = "/fahren/health-check";

    @Inject
    FahrenRuntime runtime;

    @Inject
    Instance<SecretsProvider> provider;

    @Override
    public String name() {
        return "secrets";
    }

    @Override
    public Result check(Settings settings) {
        var kind = runtime.config().secrets().provider();
        if (kind.isEmpty()) {
            return new Result(true, Map.of("provider", "none"));
        }
        String name = kind.get().name().toLowerCase(java.util.Locale.ROOT);
        try {
            provider.get().read(PROBE_PATH);
            return new Result(true, Map.of("provider", name));
        } catch (SecretNotFoundException e) {
            return new Result(true, Map.of("provider", name));
        } catch (RuntimeException e) {
            Result down = Result.down(e);
            return new Result(false, Map.of("provider", name, "error", down.data().get("error")));
        }
    }
}
