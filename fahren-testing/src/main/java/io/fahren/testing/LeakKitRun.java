package io.fahren.testing;

import io.fahren.Tenants;
import io.fahren.testing.LeakCheckKit.Builder;
import io.fahren.testing.LeakCheckKit.Read;
import io.fahren.testing.LeakCheckKit.Related;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One run of a {@link LeakCheckKit}: provision, seed, relate, read from several threads, delete. */
final class LeakKitRun {

    private final Builder options;

    LeakKitRun(Builder options) {
        this.options = options;
    }

    /** See {@link LeakCheckKit#run()}. */
    public LeakReport run() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> tenants = new ArrayList<>();
        for (int i = 0; i < options.tenants; i++) {
            tenants.add(options.idPrefix + run + "-" + i);
        }
        Pattern markers = Pattern.compile(Pattern.quote("fahren-leak-" + run + "-t") + "(\\d+)-m(\\d+)");
        List<String> created = new ArrayList<>();
        try {
            for (String tenant : tenants) {
                options.provision.apply(tenant);
                created.add(tenant);
            }
            for (int t = 0; t < tenants.size(); t++) {
                for (int m = 0; m < options.markersPerTenant; m++) {
                    String tenant = tenants.get(t);
                    String marker = marker(run, t, m);
                    Tenants.callAs(tenant, () -> {
                        options.seed.write(tenant, marker);
                        return null;
                    });
                }
            }
            LeakReport report = new LeakReport(tenants, List.copyOf(options.reads.keySet()), options.seedOfRandom);
            relate(tenants, run, report);
            return read(tenants, markers, report);
        } finally {
            Exception failure = null;
            for (String tenant : created) {
                try {
                    options.deprovision.apply(tenant);
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw new IllegalStateException("Deleting the leak test's tenants failed", failure);
            }
        }
    }

    /**
     * Seeds each relation's parent and child for every tenant, then has every tenant try to make a
     * child reference the next tenant's parent. Markers follow the seeded ones, so reads that
     * return them count them as their tenant's own.
     */
    private void relate(List<String> tenants, String run, LeakReport report) throws Exception {
        int next = options.markersPerTenant;
        for (Map.Entry<String, Related> relation : options.related.entrySet()) {
            Related related = relation.getValue();
            List<Object> parents = new ArrayList<>();
            for (int t = 0; t < tenants.size(); t++) {
                String tenant = tenants.get(t);
                String parentMarker = marker(run, t, next);
                Object parent = Tenants.callAs(tenant, () -> related.parent().create(tenant, parentMarker));
                if (parent == null) {
                    throw new IllegalStateException("The parent of '" + relation.getKey() + "' returned null for tenant '"
                            + tenant + "': return how the application refers to the row (its id)");
                }
                parents.add(parent);
                String childMarker = marker(run, t, next + 1);
                Tenants.callAs(tenant, () -> {
                    related.child().create(tenant, childMarker, parent);
                    return null;
                });
            }
            for (int t = 0; t < tenants.size(); t++) {
                String tenant = tenants.get(t);
                int owner = (t + 1) % tenants.size();
                if (parents.get(owner).equals(parents.get(t))) {
                    report.uncheckedReference(relation.getKey(), tenant); // the same id names its own row
                    continue;
                }
                String crossMarker = marker(run, t, next + 2);
                Object foreign = parents.get(owner);
                try {
                    Tenants.callAs(tenant, () -> {
                        related.child().create(tenant, crossMarker, foreign);
                        return null;
                    });
                } catch (Exception refused) {
                    report.referenceRefused();
                    continue;
                }
                report.crossReferenced(relation.getKey(), tenant, tenants.get(owner), foreign);
            }
            next += 3;
        }
    }

    private static String marker(String run, int tenant, int number) {
        return "fahren-leak-" + run + "-t" + tenant + "-m" + number;
    }

    private LeakReport read(List<String> tenants, Pattern markers, LeakReport report) throws Exception {
        List<String> names = new ArrayList<>(options.reads.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(options.threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < options.threads; w++) {
                SplittableRandom random = new SplittableRandom(options.seedOfRandom + w);
                int worker = w;
                workers.add(pool.submit(() -> {
                    for (int call = 0; call < options.readsPerThread; call++) {
                        int t = random.nextInt(tenants.size());
                        String tenant = tenants.get(t);
                        String name = names.get(random.nextInt(names.size()));
                        Read read = options.reads.get(name);
                        String seen;
                        try {
                            seen = String.valueOf(Tenants.callAs(tenant, () -> read.read(tenant)));
                        } catch (Exception | AssertionError e) {
                            report.failed(tenant, name, worker, call, e);
                            continue;
                        }
                        Matcher m = markers.matcher(seen);
                        boolean own = false;
                        while (m.find()) {
                            int owner = Integer.parseInt(m.group(1));
                            if (owner == t) {
                                own = true;
                            } else if (owner < tenants.size()) {
                                report.leaked(tenant, name, tenants.get(owner), m.group(), worker, call,
                                        excerpt(seen, m.start()));
                            }
                        }
                        report.read(name, own);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(options.timeoutMinutes, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return report;
    }

    private static String excerpt(String text, int at) {
        int from = Math.max(0, at - 60);
        int to = Math.min(text.length(), at + 100);
        return (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
    }
}
