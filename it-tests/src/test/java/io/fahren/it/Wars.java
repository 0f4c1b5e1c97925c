package io.fahren.it;

import java.io.File;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** Builds test WARs around the packaged Fahren jars, as an application would ship them. */
public final class Wars {

    private Wars() {
    }

    /**
     * @param name the WAR's file name
     * @param config the application's MicroProfile Config
     * @return the WAR with every jar of the application's libraries ({@code target/app-lib}): the
     *         Fahren modules, Hibernate ORM, HikariCP, the PostgreSQL driver and Jedis
     */
    public static WebArchive withAllLibraries(String name, Map<String, String> config) {
        WebArchive war = of(name, config);
        File[] jars = new File(System.getProperty("fahren.app.lib")).listFiles((dir, file) -> file.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("No application libraries in " + System.getProperty("fahren.app.lib"));
        }
        for (File jar : jars) {
            if (!providedByServer(jar.getName())) {
                war.addAsLibrary(jar);
            }
        }
        return war;
    }

    /**
     * @param name the WAR's file name
     * @param config the application's MicroProfile Config
     * @param jarProperties system properties holding the paths of the jars to put in WEB-INF/lib
     * @return the WAR, with a beans.xml and the configuration
     */
    public static WebArchive of(String name, Map<String, String> config, String... jarProperties) {
        String properties = config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        WebArchive war = ShrinkWrap.create(WebArchive.class, name)
                .addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        for (String property : jarProperties) {
            String path = System.getProperty(property);
            if (path == null) {
                throw new IllegalStateException("System property " + property + " (a jar path) is not set by the build");
            }
            war.addAsLibrary(ShrinkWrap.createFromZipFile(JavaArchive.class, new File(path)));
        }
        return war;
    }

    /** Hibernate ORM and what it brings: WildFly provides its own, as a module, to every persistence unit. */
    private static final java.util.List<String> WILDFLY_PROVIDES = java.util.List.of("hibernate-core-",
            "hibernate-commons-annotations-", "jandex-", "classmate-", "byte-buddy-", "antlr4-runtime-", "jboss-logging-",
            "jaxb-runtime-", "jaxb-core-", "txw2-", "istack-commons-runtime-", "angus-activation-",
            "jakarta.xml.bind-api-", "jakarta.activation-api-");

    /**
     * @param jar a library's file name
     * @return whether the server under test ({@code it.server}) provides it, so the WAR leaves it out
     */
    private static boolean providedByServer(String jar) {
        return "wildfly".equals(System.getProperty("it.server")) && WILDFLY_PROVIDES.stream().anyMatch(jar::startsWith);
    }
}
