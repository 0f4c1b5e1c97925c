package io.fahren.hibernate;

import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.TransformerException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.Map;

/** What {@link FahrenPersistenceProvider} does to the unit a container hands it. */
final class ContainerUnits {

    private ContainerUnits() {
    }

    /**
     * @param info the container's unit
     * @param withoutDataSources whether the unit answers no data source: true when Fahren's
     *        connection provider hands out every connection, so that the container is never asked
     *        to look one up (Open Liberty fails the unit when none is configured)
     * @return the same unit, except that every class transformer registered on it runs behind a
     *         {@link GuardedTransformer}. A dynamic proxy, so that it forwards the methods of every
     *         Jakarta Persistence version (3.2 added some) to the container's own object.
     */
    static PersistenceUnitInfo adapted(PersistenceUnitInfo info, boolean withoutDataSources) {
        return (PersistenceUnitInfo) Proxy.newProxyInstance(PersistenceUnitInfo.class.getClassLoader(),
                new Class<?>[] {PersistenceUnitInfo.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("addTransformer") && args != null && args.length == 1
                            && args[0] instanceof ClassTransformer transformer) {
                        info.addTransformer(new GuardedTransformer(transformer));
                        return null;
                    }
                    if (withoutDataSources && (args == null || args.length == 0)
                            && (name.equals("getJtaDataSource") || name.equals("getNonJtaDataSource"))) {
                        return null;
                    }
                    return forward(info, method, args);
                });
    }

    /**
     * @param info the container's unit
     * @param properties the container's map, with the defaults applied
     * @param key the connection provider's key
     * @param fahrenProvider the class of Fahren's connection provider
     * @return whether that key names Fahren's connection provider (as a class name, a class or an instance)
     */
    static boolean servedBy(PersistenceUnitInfo info, Map<?, ?> properties, String key, Class<?> fahrenProvider) {
        Object value = properties.containsKey(key) ? properties.get(key)
                : info.getProperties() == null ? null : info.getProperties().get(key);
        return fahrenProvider.getName().equals(value) || fahrenProvider.equals(value) || fahrenProvider.isInstance(value);
    }

    private static Object forward(PersistenceUnitInfo info, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> args[0] == info;
                case "hashCode" -> info.hashCode();
                case "toString" -> "guarded " + info;
                default -> method.invoke(info, args);
            };
        }
        try {
            return method.invoke(info, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * @param info the container's unit
     * @param properties the container's map, with the defaults applied
     * @param key a setting
     * @return whether the map or the unit sets it
     */
    static boolean sets(PersistenceUnitInfo info, Map<?, ?> properties, String key) {
        return properties.containsKey(key) || info.getProperties() != null && info.getProperties().containsKey(key);
    }

    /**
     * @param info the container's unit
     * @param properties the container's map (may be null)
     * @param defaults the values to use for the keys that neither sets
     * @return a new map: the container's, plus the defaults it lacks
     */
    static Map<Object, Object> withDefaults(PersistenceUnitInfo info, Map<?, ?> properties,
            Map<String, String> defaults) {
        Map<Object, Object> merged = properties == null ? new HashMap<>() : new HashMap<>(properties);
        defaults.forEach((key, value) -> {
            if (!sets(info, merged, key)) {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /**
     * Runs the provider's transformer, except for the classes loaded while a transformation is
     * already running on this thread: in a class loader that transforms the provider's own classes
     * too, those loads would enter the transformer again before the class exists, and recurse until
     * the stack overflows. The flag is one for all units, because one unit's transformer may load a
     * class that the container then offers to another unit's.
     */
    static final class GuardedTransformer implements ClassTransformer {

        private static final ThreadLocal<Boolean> TRANSFORMING = new ThreadLocal<>();

        private final ClassTransformer delegate;

        GuardedTransformer(ClassTransformer delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                ProtectionDomain protectionDomain, byte[] classfileBuffer) throws TransformerException {
            if (TRANSFORMING.get() != null) {
                return null;
            }
            TRANSFORMING.set(Boolean.TRUE);
            try {
                return delegate.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
            } finally {
                TRANSFORMING.remove();
            }
        }

        @Override
        public String toString() {
            return "guarded " + delegate;
        }
    }
}
