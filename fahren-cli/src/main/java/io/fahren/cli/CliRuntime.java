package io.fahren.cli;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantManagement;
import io.fahren.flyway.TenantMigrations;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import jakarta.enterprise.inject.spi.Extension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Fahren as the application configures it, started for one command: MicroProfile Config from the
 * environment, system properties and an optional properties file (in that order of precedence),
 * and Weld SE with the extensions of the modules that configuration uses: PostgreSQL when
 * {@code fahren.postgres.url} is set, Redis when {@code fahren.redis.url} is, Flyway when
 * {@code fahren.migrations.locations} is. So the command runs the very lifecycle the application
 * runs, with the same resources in the same order.
 */
final class CliRuntime implements AutoCloseable {

    /** The modules a configuration key switches on, by the package of their extension. */
    private static final Map<String, String> MODULES = Map.of(
            "io.fahren.postgres.", "fahren.postgres.url",
            "io.fahren.redis.", "fahren.redis.url",
            "io.fahren.flyway.", "fahren.migrations.locations");

    private final Config config;
    private final ClassLoader loader = Thread.currentThread().getContextClassLoader();
    private final WeldContainer container;

    /**
     * @param file a properties file with the application's configuration, or null
     * @param listeners beans to add, such as an observer of migration progress
     * @throws FahrenConfigurationException when the file cannot be read, or Fahren refuses the
     *         configuration (the message names each key)
     */
    CliRuntime(Path file, Class<?>... listeners) {
        this.config = config(file);
        if (config.getOptionalValue("fahren.postgres.url", String.class).isEmpty()
                && config.getOptionalValue("fahren.redis.url", String.class).isEmpty()) {
            throw new FahrenConfigurationException("Neither fahren.postgres.url nor fahren.redis.url is configured, so "
                    + "there is no tenant registry to work on. Give the application's configuration with --config, "
                    + "environment variables (FAHREN_POSTGRES_URL) or system properties.");
        }
        ConfigProviderResolver.instance().registerConfig(config, loader);
        try {
            Weld weld = new Weld("fahren-cli").disableDiscovery().addExtensions(extensions().toArray(Extension[]::new));
            for (Class<?> listener : listeners) {
                weld.addBeanClass(listener);
            }
            this.container = weld.initialize();
        } catch (RuntimeException e) {
            ConfigProviderResolver.instance().releaseConfig(config);
            throw new FahrenConfigurationException("Fahren did not start with this configuration: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FahrenConfigurationException) {
                return t.getMessage();
            }
            if (t.getMessage() != null) {
                message.setLength(0);
                message.append(t.getMessage());
            }
        }
        return message.toString();
    }

    private static Config config(Path file) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultSources();
        if (file != null) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new FahrenConfigurationException("Could not read the configuration file " + file + ": "
                        + e.getMessage() + ". Give a readable properties file with --config.", e);
            }
            Map<String, String> values = new java.util.HashMap<>();
            properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
            // below system properties (400) and the environment (300), like an application's own file
            builder.withSources(new PropertiesConfigSource(values, file.toString(), 250));
        }
        SmallRyeConfig built = builder.build();
        return built;
    }

    private List<Extension> extensions() {
        List<Extension> chosen = new ArrayList<>();
        for (ServiceLoader.Provider<Extension> provider : ServiceLoader.load(Extension.class, loader).stream().toList()) {
            String name = provider.type().getName();
            if (!name.startsWith("io.fahren.")) {
                continue;
            }
            String key = MODULES.entrySet().stream().filter(e -> name.startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            if (key == null || config.getOptionalValue(key, String.class).isPresent()) {
                chosen.add(provider.get());
            }
        }
        return chosen;
    }

    /** @return the configured management */
    TenantManagement management() {
        return container.select(TenantManagement.class).get();
    }

    /**
     * @return the configured migrations
     * @throws FahrenConfigurationException when no migrations are configured
     */
    TenantMigrations migrations() {
        if (config.getOptionalValue("fahren.migrations.locations", String.class).isEmpty()) {
            throw new FahrenConfigurationException("No migrations are configured: set fahren.migrations.locations (for "
                    + "example filesystem:/app/db/migration) and the PostgreSQL keys.");
        }
        return container.select(TenantMigrations.class).get();
    }

    @Override
    public void close() {
        try {
            container.close();
        } finally {
            ConfigProviderResolver.instance().releaseConfig(config);
        }
    }
}
