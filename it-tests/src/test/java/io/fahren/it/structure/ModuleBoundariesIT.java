package io.fahren.it.structure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, read from the main sources of every module: no module reaches another
 * module's {@code impl} package (what modules share is in {@code io.fahren.internal}), and
 * {@code fahren-postgres} has no Hibernate or JPA on its class path, and no runtime module holds a
 * monitor around blocking work.
 */
class ModuleBoundariesIT {

    /** Each module and the impl packages that are its own. */
    private static final Map<String, List<String>> IMPL = Map.of(
            "fahren-cdi", List.of("io.fahren.impl"),
            "fahren-postgres", List.of("io.fahren.postgres.impl"),
            "fahren-hibernate", List.of("io.fahren.hibernate.impl"),
            "fahren-flyway", List.of("io.fahren.flyway.impl"),
            "fahren-redis-cdi", List.of("io.fahren.redis.impl"),
            "fahren-admin", List.of("io.fahren.admin.impl"),
            "fahren-testing", List.of("io.fahren.testing.impl"));
    /** A reference to a class of an impl package or of one of its subpackages; group 1 is the impl package. */
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.fahren(?:\\.[a-z]+)*?\\.impl)(?:\\.[a-z]+)*\\.[A-Z]");
    private static final Path ROOT = Path.of("..");

    @Test
    void noModuleReachesAnotherModulesImpl() throws IOException {
        List<String> crossings = new ArrayList<>();
        for (Path source : mainSources()) {
            String module = ROOT.relativize(source).getName(0).toString();
            if (module.equals("samples")) {
                module = "samples/" + ROOT.relativize(source).getName(1);
            }
            List<String> own = IMPL.getOrDefault(module, List.of());
            Matcher m = REFERENCE.matcher(Files.readString(source));
            while (m.find()) {
                if (!own.contains(m.group(1))) {
                    crossings.add(ROOT.relativize(source) + " uses " + m.group(1));
                }
            }
        }
        assertThat(mainSources()).hasSizeGreaterThan(100);
        assertThat(crossings).isEmpty();
    }

    @Test
    void fahrenPostgresHasNoHibernate() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path source : mainSources()) {
            if (ROOT.relativize(source).startsWith("fahren-postgres")) {
                String text = Files.readString(source);
                if (text.contains("org.hibernate") || text.contains("jakarta.persistence")
                        || text.contains("io.fahren.hibernate")) {
                    found.add(ROOT.relativize(source).toString());
                }
            }
        }
        assertThat(found).isEmpty();
        assertThat(Files.readString(ROOT.resolve("fahren-postgres/pom.xml"))).doesNotContain("<groupId>org.hibernate");
    }

    /** A field whose type is a portable extension of Fahren's, such as {@code PostgresExtension extension;}. */
    private static final Pattern EXTENSION_FIELD = Pattern.compile("(?m)^\\s+(?:private |final )*[A-Z]\\w*Extension \\w+;");

    @Test
    void onlyEachModulesRuntimeBeanReadsItsExtension() throws IOException {
        List<String> readers = new ArrayList<>();
        for (Path source : mainSources()) {
            String name = source.getFileName().toString();
            if (EXTENSION_FIELD.matcher(Files.readString(source)).find()) {
                readers.add(name);
            }
        }
        // FahrenExtension hands its state to a synthetic FahrenRuntime bean, so nothing reads it
        assertThat(readers).containsExactlyInAnyOrder("PostgresRuntime.java", "RedisRuntime.java",
                "MigrationRuntime.java");
    }

    /** A {@code synchronized} block or method; group 1 is what follows on the line. */
    private static final Pattern MONITOR = Pattern.compile("(?m)^[^*/\\n]*\\bsynchronized\\b(.*)$");

    /**
     * Fahren's runtime modules take no {@code synchronized} monitor (which pins a virtual thread's
     * carrier on Java 21 to 23 while it blocks) except the pool cache's, whose sections only touch
     * memory: work that may block uses {@code io.fahren.internal.Exclusive}. fahren-testing starts
     * servers and is not on any request path.
     */
    @Test
    void noRuntimeModuleHoldsAMonitorAroundBlockingWork() throws IOException {
        List<String> monitors = new ArrayList<>();
        for (Path source : mainSources()) {
            Path relative = ROOT.relativize(source);
            if (relative.startsWith("fahren-testing") || relative.startsWith("samples")
                    || relative.startsWith("benchmarks")) {
                continue;
            }
            Matcher m = MONITOR.matcher(Files.readString(source));
            while (m.find()) {
                monitors.add(relative.getFileName() + ":" + m.group(1).trim());
            }
        }
        assertThat(monitors).isNotEmpty().allMatch(found -> found.equals("TenantPoolCache.java:(pools) {"));
    }

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/main/java/"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .toList();
        }
    }
}
