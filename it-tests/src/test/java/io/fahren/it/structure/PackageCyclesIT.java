package io.fahren.it.structure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.TenantId;
import io.fahren.admin.TenantAdminResource;
import io.fahren.hibernate.TenantPersistenceContexts;
import io.fahren.postgres.Postgres;
import io.fahren.redis.Redis;
import io.fahren.testing.TestServers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No package cycle, inside a module or across modules: the package graph of every Fahren module
 * is read from its compiled classes with the JDK's {@code jdeps}, joined with what the main sources
 * import or name in code (jdeps misses class literals in annotations, such as
 * {@code @ExtendWith(X.class)}), and its strongly connected components must all be single
 * packages. Each layer then only uses the layers below it (see {@code docs/architecture.md}).
 */
class PackageCyclesIT {

    /** One class of each library module: where it was loaded from is what is analysed. */
    private static final List<Class<?>> MODULES = List.of(TenantId.class, Postgres.class,
            TenantPersistenceContexts.class, Redis.class, TestServers.class, TenantAdminResource.class);

    /** The library modules whose main sources are read too; relative to the it-tests module. */
    private static final List<String> SOURCE_MODULES = List.of("fahren-cdi", "fahren-postgres", "fahren-hibernate",
            "fahren-redis-cdi", "fahren-testing", "fahren-admin", "fahren-cli");
    /** A qualified name of a Fahren class: group 1 is its package. */
    private static final Pattern QUALIFIED = Pattern.compile("\\b(io\\.fahren(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");

    @Test
    void thePackageGraphHasNoCycle() throws IOException {
        Map<String, Set<String>> graph = packageGraph();
        addSourceEdges(graph);
        // the graph really is the library's: every module's packages are in it, with their edges
        assertThat(graph).containsKeys("io.fahren", "io.fahren.impl", "io.fahren.postgres", "io.fahren.hibernate",
                "io.fahren.redis", "io.fahren.testing", "io.fahren.internal", "io.fahren.admin", "io.fahren.admin.impl",
                "io.fahren.admin.impl.cdi", "io.fahren.cli");
        assertThat(graph.get("io.fahren.impl")).contains("io.fahren", "io.fahren.internal");

        assertThat(cycles(graph)).as("package cycles (each line a set of packages that use each other)").isEmpty();
    }

    @Test
    void theSourceScanSeesAnnotationClassLiteralsButNotCommentsOrStrings() {
        String source = """
                package io.fahren.testing;

                import io.fahren.TenantId;
                import org.junit.jupiter.api.extension.ExtendWith;

                /** See {@link io.fahren.postgres.Postgres}. */
                @ExtendWith(io.fahren.testing.impl.Servers.class) // io.fahren.redis.Redis
                public @interface WithServers {
                    String value() default "io.fahren.hibernate.Thing";
                }
                """;
        assertThat(namedPackages(source)).containsExactly("io.fahren", "io.fahren.testing.impl");
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertThat(cycles(graph)).containsExactly("a <-> b <-> c");
    }

    /** @return package to the Fahren packages it uses, read by jdeps */
    private static Map<String, Set<String>> packageGraph() {
        List<String> args = new ArrayList<>(List.of("-verbose:package", "-filter:none"));
        MODULES.stream().map(PackageCyclesIT::location).map(Path::toString).distinct().forEach(args::add);
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new AssertionError("jdeps is missing: run the tests on a full JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        assertThat(status).as("jdeps %s failed: %s", args, err).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        out.toString().lines().map(String::trim).filter(line -> line.contains("->")).forEach(line -> {
            String[] parts = line.split("\\s+");
            // "<from package> -> <to package> <where>"
            if (parts.length >= 3 && parts[0].startsWith("io.fahren") && parts[2].startsWith("io.fahren")) {
                graph.computeIfAbsent(parts[0], p -> new TreeSet<>());
                graph.computeIfAbsent(parts[2], p -> new TreeSet<>());
                if (!parts[0].equals(parts[2])) {
                    graph.get(parts[0]).add(parts[2]);
                }
            }
        });
        return graph;
    }

    /** Adds what each main source file imports or names in code (comments and strings left out). */
    private static void addSourceEdges(Map<String, Set<String>> graph) throws IOException {
        int files = 0;
        for (String module : SOURCE_MODULES) {
            Path root = Path.of("..", module, "src", "main", "java");
            assertThat(root).as("main sources of %s", module).isDirectory();
            try (Stream<Path> sources = Files.walk(root)) {
                for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(source);
                    Matcher declared = PACKAGE.matcher(text);
                    if (!declared.find()) {
                        continue;
                    }
                    files++;
                    String from = declared.group(1);
                    for (String to : namedPackages(text)) {
                        if (!to.equals(from)) {
                            graph.computeIfAbsent(from, p -> new TreeSet<>()).add(to);
                            graph.computeIfAbsent(to, p -> new TreeSet<>());
                        }
                    }
                }
            }
        }
        assertThat(files).as("main source files read").isGreaterThan(150);
    }

    /** @return the Fahren packages a source file imports or names in its code */
    static Set<String> namedPackages(String source) {
        Set<String> found = new TreeSet<>();
        Matcher named = QUALIFIED.matcher(code(source));
        while (named.find()) {
            found.add(named.group(1));
        }
        return found;
    }

    /** @return the source without comments and string literals */
    private static String code(String source) {
        String withoutStrings = source.replaceAll("\"(?:\\\\.|[^\"\\\\\\n])*\"", "\"\"");
        return withoutStrings.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** @return each strongly connected component of more than one package (Tarjan's algorithm) */
    static List<String> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<String> found = new ArrayList<>();
        int[] counter = {0};
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, found, counter);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<String> found, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]);
        counter[0]++;
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                found.add(String.join(" <-> ", component));
            }
        }
    }
}
