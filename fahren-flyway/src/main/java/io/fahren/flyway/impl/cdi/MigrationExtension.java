package io.fahren.flyway.impl.cdi;

import io.fahren.FahrenConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The portable extension of {@code fahren-flyway}: registers the migration beans (the {@code
 * TenantResource} that migrates a new tenant, the {@code TenantMigrations} producer, the startup
 * run) and reports every {@code fahren.migrations.*} problem as a deployment problem.
 */
public class MigrationExtension implements Extension {

    private static final List<Class<?>> BEANS = List.of(MigrationRuntime.class, MigrationResourceBean.class);

    private volatile MigrationSettings settings;

    void registerBeans(@Observes BeforeBeanDiscovery event) {
        for (Class<?> type : BEANS) {
            event.addAnnotatedType(type, MigrationExtension.class.getName() + "." + type.getSimpleName())
                    .add(ApplicationScoped.Literal.INSTANCE);
        }
    }

    void validate(@Observes AfterDeploymentValidation event) {
        List<String> problems = new ArrayList<>();
        settings = MigrationSettings.load(ConfigProvider.getConfig(), problems).orElse(null);
        problems.forEach(problem -> event.addDeploymentProblem(new FahrenConfigurationException(problem)));
    }

    MigrationSettings settings() {
        MigrationSettings current = settings;
        if (current == null) {
            throw new IllegalStateException("fahren.migrations.* is read at deployment validation; it is not available yet");
        }
        return current;
    }
}
