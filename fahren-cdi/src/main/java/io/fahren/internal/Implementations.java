package io.fahren.internal;

import io.fahren.FahrenConfigurationException;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the implementation behind a module's public entry points (such as {@code Postgres} and
 * {@code Redis}) with {@link ServiceLoader}, from the class loader of the seam type: the module's
 * own jar, wherever the application server put it. A public package thereby never depends on its
 * implementation packages, which keeps the package graph free of cycles.
 */
public final class Implementations {

    private Implementations() {
    }

    /**
     * @param seam the seam interface, declared in the module's public package
     * @param <T> its type
     * @return the one implementation registered in {@code META-INF/services}
     * @throws FahrenConfigurationException when none or several are registered, or it cannot be
     *         created; the message names the service file
     */
    public static <T> T load(Class<T> seam) {
        String file = "META-INF/services/" + seam.getName();
        try {
            Iterator<T> found = ServiceLoader.load(seam, seam.getClassLoader()).iterator();
            if (!found.hasNext()) {
                throw new FahrenConfigurationException("No implementation of " + seam.getName() + " was found: the "
                        + "module's jar is missing " + file + " (a shaded or repackaged jar must keep its service "
                        + "files; with the Maven Shade plugin, add the ServicesResourceTransformer).");
            }
            T first = found.next();
            if (found.hasNext()) {
                throw new FahrenConfigurationException("Several implementations of " + seam.getName() + " were found ("
                        + first.getClass().getName() + ", " + found.next().getClass().getName() + "): two versions of "
                        + "the same Fahren module are on the class path. Keep one.");
            }
            return first;
        } catch (ServiceConfigurationError e) {
            throw new FahrenConfigurationException("The implementation of " + seam.getName() + " named in " + file
                    + " cannot be created: " + e.getMessage(), e);
        }
    }
}
