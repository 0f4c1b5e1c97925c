package io.fahren.it.structure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.TenantId;
import io.fahren.hibernate.TenantPersistenceContexts;
import io.fahren.postgres.Postgres;
import io.fahren.redis.Redis;
import io.fahren.testing.TestServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
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
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No package cycle, inside a module or across modules: the package graph of every Fahren module
 * is read from its compiled classes with the JDK's {@code jdeps}, and its strongly connected
 * components must all be single packages. Each layer then only uses the layers below it (see
 * {@code docs/architecture.md}).
 */
class PackageCyclesIT {

    /** One class of each library module: where it was loaded from is what is analysed. */
    private static final List<Class<?>> MODULES = List.of(TenantId.class, Postgres.class,
            TenantPersistenceContexts.class, Redis.class, TestServers.class);

    @Test
    void thePackageGraphHasNoCycle() {
        Map<String, Set<String>> graph = packageGraph();
        // the graph really is the library's: every module's packages are in it, with their edges
        assertThat(graph).containsKeys("io.fahren", "io.fahren.impl", "io.fahren.postgres", "io.fahren.hibernate",
                "io.fahren.redis", "io.fahren.testing", "io.fahren.internal");
        assertThat(graph.get("io.fahren.impl")).contains("io.fahren", "io.fahren.internal");

        assertThat(cycles(graph)).as("package cycles (each line a set of packages that use each other)").isEmpty();
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
