package io.fahren.redis.impl.cdi;

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
 * The portable extension of {@code fahren-redis-cdi}: registers the Redis beans (the
 * {@code TenantResource}, the registry fallback, {@code @Inject UnifiedJedis}) and reports every
 * {@code fahren.redis.*} problem as a deployment problem.
 */
public class RedisExtension implements Extension {

    private static final List<Class<?>> BEANS = List.of(RedisRuntime.class, RedisBeans.class, RedisRegistryBean.class,
            RedisResourceBean.class, RedisProbe.class);

    private volatile RedisSettings settings;

    void registerBeans(@Observes BeforeBeanDiscovery event) {
        for (Class<?> type : BEANS) {
            event.addAnnotatedType(type, RedisExtension.class.getName() + "." + type.getSimpleName())
                    .add(ApplicationScoped.Literal.INSTANCE);
        }
    }

    void validate(@Observes AfterDeploymentValidation event) {
        List<String> problems = new ArrayList<>();
        settings = RedisSettings.load(ConfigProvider.getConfig(), problems).orElse(null);
        problems.forEach(problem -> event.addDeploymentProblem(new FahrenConfigurationException(problem)));
    }

    RedisSettings settings() {
        RedisSettings current = settings;
        if (current == null) {
            throw new IllegalStateException("fahren.redis.* is read at deployment validation; it is not available yet");
        }
        return current;
    }
}
