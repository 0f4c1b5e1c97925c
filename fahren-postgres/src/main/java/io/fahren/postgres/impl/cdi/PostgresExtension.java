package io.fahren.postgres.impl.cdi;

import io.fahren.FahrenConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.ArrayList;
import java.util.List;
import io.fahren.postgres.impl.config.PostgresConfigKey;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portable extension of {@code fahren-postgres}: registers the PostgreSQL beans (the
 * {@code TenantResource}, the registry, the producers) and reports every {@code fahren.postgres.*}
 * problem as a deployment problem. The tenant {@code EntityManager} is {@code fahren-hibernate}'s.
 */
public class PostgresExtension implements Extension {

    private static final List<Class<?>> BEANS = List.of(PostgresRuntime.class, PostgresBeans.class,
            PostgresRegistryBean.class, PostgresResourceBean.class, PostgresProbe.class);

    private volatile PostgresSettings settings;

    void registerBeans(@Observes BeforeBeanDiscovery event) {
        for (Class<?> type : BEANS) {
            event.addAnnotatedType(type, PostgresExtension.class.getName() + "." + type.getSimpleName())
                    .add(ApplicationScoped.Literal.INSTANCE);
        }
        // only when asked for, so that other applications list no "citus" resource; a wrong value is
        // reported with the other problems at deployment validation
        boolean citus = ConfigProvider.getConfig().getOptionalValue(PostgresConfigKey.CITUS.key(), String.class)
                .map(value -> !value.isBlank() && !value.trim().equalsIgnoreCase("off")).orElse(false);
        if (citus) {
            event.addAnnotatedType(CitusResourceBean.class, PostgresExtension.class.getName() + ".CitusResourceBean")
                    .add(ApplicationScoped.Literal.INSTANCE);
        }
    }

    void validate(@Observes AfterDeploymentValidation event) {
        List<String> problems = new ArrayList<>();
        settings = PostgresSettings.load(ConfigProvider.getConfig(), problems).orElse(null);
        problems.forEach(problem -> event.addDeploymentProblem(new FahrenConfigurationException(problem)));
    }

    PostgresSettings settings() {
        PostgresSettings current = settings;
        if (current == null) {
            throw new IllegalStateException("fahren.postgres.* is read at deployment validation; it is not available yet");
        }
        return current;
    }
}
