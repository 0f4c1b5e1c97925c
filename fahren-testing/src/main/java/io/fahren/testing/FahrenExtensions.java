package io.fahren.testing;

import jakarta.enterprise.inject.spi.Extension;
import java.security.CodeSource;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The portable extensions that chosen Fahren modules register in {@code META-INF/services}, found
 * the way a container finds them, for a test that starts Weld SE with discovery disabled and wants
 * some modules' extensions and not others', without naming their private classes:
 *
 * <pre>{@code
 * Weld weld = new Weld().disableDiscovery().addExtensions(FahrenExtensions.of(TenantId.class, Postgres.class));
 * }</pre>
 */
public final class FahrenExtensions {

    private FahrenExtensions() {
    }

    /**
     * @param modules one public class of each module whose extensions are wanted, such as
     *        {@code io.fahren.TenantId} for fahren-cdi and {@code io.fahren.postgres.Postgres} for
     *        fahren-postgres
     * @return a new instance of each extension those modules' jars register
     * @throws IllegalArgumentException when a module registers none
     */
    public static Extension[] of(Class<?>... modules) {
        Set<CodeSource> jars = Stream.of(modules).map(FahrenExtensions::jar).collect(Collectors.toSet());
        List<Extension> found = ServiceLoader.load(Extension.class, FahrenExtensions.class.getClassLoader()).stream()
                .filter(provider -> jars.contains(jar(provider.type())))
                .map(ServiceLoader.Provider::get)
                .toList();
        for (Class<?> module : modules) {
            if (found.stream().noneMatch(extension -> jar(extension.getClass()).equals(jar(module)))) {
                throw new IllegalArgumentException("The module of " + module.getName() + " registers no portable "
                        + "extension in META-INF/services/" + Extension.class.getName());
            }
        }
        return found.toArray(Extension[]::new);
    }

    private static CodeSource jar(Class<?> type) {
        return Objects.requireNonNull(type.getProtectionDomain().getCodeSource(), () -> type + " has no code source");
    }
}
