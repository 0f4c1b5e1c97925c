package io.fahren.hibernate;

import java.util.List;
import java.util.Map;
import org.hibernate.boot.registry.classloading.spi.ClassLoaderService;
import org.hibernate.engine.jndi.spi.JndiService;
import org.hibernate.engine.transaction.jta.platform.internal.NoJtaPlatform;
import org.hibernate.engine.transaction.jta.platform.internal.StandardJtaPlatformResolver;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatform;
import org.hibernate.engine.transaction.jta.platform.spi.JtaPlatformResolver;
import org.hibernate.service.spi.ServiceRegistryImplementor;

/**
 * Hibernate's own JTA platform detection, with one fallback for the servers it cannot detect from
 * inside the application: Payara and GlassFish do not expose the classes Hibernate looks for, so a
 * JTA unit of Hibernate packaged in the application found no transaction manager there. When the
 * standard detection finds nothing and the server names its transaction manager
 * {@code java:appserver/TransactionManager}, Hibernate's GlassFish platform is used (named
 * {@code SunOneJtaPlatform} in Hibernate 6, {@code GlassFishJtaPlatform} in 7).
 *
 * <p>The default {@code hibernate.transaction.jta.platform_resolver} of
 * {@link FahrenPersistenceProvider}; a unit that names its own platform or resolver never reaches
 * it. A unit of Hibernate's own provider can name it too:
 *
 * <pre>{@code
 * <property name="hibernate.transaction.jta.platform_resolver"
 *           value="io.fahren.hibernate.ContainerJtaPlatformResolver"/>
 * }</pre>
 */
public final class ContainerJtaPlatformResolver implements JtaPlatformResolver {

    /** Where GlassFish and Payara bind their transaction manager. */
    static final String GLASSFISH_TRANSACTION_MANAGER = "java:appserver/TransactionManager";

    private static final List<String> GLASSFISH_PLATFORMS = List.of(
            "org.hibernate.engine.transaction.jta.platform.internal.GlassFishJtaPlatform",
            "org.hibernate.engine.transaction.jta.platform.internal.SunOneJtaPlatform");

    /** Called by Hibernate, which instantiates resolvers by class name. */
    public ContainerJtaPlatformResolver() {
    }

    @Override
    @SuppressWarnings("rawtypes")
    public JtaPlatform resolveJtaPlatform(Map configurationValues, ServiceRegistryImplementor registry) {
        JtaPlatform standard = StandardJtaPlatformResolver.INSTANCE.resolveJtaPlatform(configurationValues, registry);
        if (!(standard instanceof NoJtaPlatform) || !bound(registry, GLASSFISH_TRANSACTION_MANAGER)) {
            return standard;
        }
        ClassLoaderService classes = registry.getService(ClassLoaderService.class);
        for (String name : GLASSFISH_PLATFORMS) {
            try {
                return (JtaPlatform) classes.classForName(name).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // not this Hibernate line's name; try the other
            }
        }
        return standard;
    }

    private static boolean bound(ServiceRegistryImplementor registry, String name) {
        try {
            return registry.getService(JndiService.class).locate(name) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
