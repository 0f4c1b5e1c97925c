package io.fahren.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@link LeakCheckKit} run saw: every read, every foreign marker, every failed read. Thread-safe
 * while the run fills it.
 */
public final class LeakReport {

    /**
     * One tenant seeing another tenant's marker.
     *
     * @param reader the tenant the read ran as
     * @param operation the read's name
     * @param owner the tenant the marker belongs to
     * @param marker the marker
     * @param thread the reading thread's number
     * @param call the call's number on that thread
     * @param excerpt the returned text around the marker
     */
    public record Leak(String reader, String operation, String owner, String marker, int thread, int call,
            String excerpt) {
        @Override
        public String toString() {
            return "tenant '" + reader + "' saw '" + marker + "' of tenant '" + owner + "' through '" + operation
                    + "' (thread " + thread + ", call " + call + "): " + excerpt;
        }
    }

    /**
     * A tenant that made its row reference another tenant's row.
     *
     * @param relation the relation's name
     * @param tenant the tenant the attempt ran as
     * @param owner the tenant whose parent row it referenced
     * @param parent how the application refers to that row
     */
    public record CrossReference(String relation, String tenant, String owner, Object parent) {
        @Override
        public String toString() {
            return "tenant '" + tenant + "' created a '" + relation + "' row referencing " + parent + " of tenant '"
                    + owner + "'";
        }
    }

    private final List<String> tenants;
    private final long randomSeed;
    private final AtomicLong reads = new AtomicLong();
    private final Map<String, AtomicLong> ownSeen = new LinkedHashMap<>();
    private final List<Leak> leaks = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<CrossReference> crossReferences = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unchecked = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong refused = new AtomicLong();

    LeakReport(List<String> tenants, List<String> operations, long randomSeed) {
        this.tenants = List.copyOf(tenants);
        this.randomSeed = randomSeed;
        operations.forEach(name -> ownSeen.put(name, new AtomicLong()));
    }

    void read(String operation, boolean sawOwnMarker) {
        reads.incrementAndGet();
        if (sawOwnMarker) {
            ownSeen.get(operation).incrementAndGet();
        }
    }

    void leaked(String reader, String operation, String owner, String marker, int thread, int call, String excerpt) {
        leaks.add(new Leak(reader, operation, owner, marker, thread, call, excerpt));
    }

    void failed(String tenant, String operation, int thread, int call, Throwable e) {
        failures.add("'" + operation + "' as tenant '" + tenant + "' (thread " + thread + ", call " + call + ") threw "
                + e);
    }

    void crossReferenced(String relation, String tenant, String owner, Object parent) {
        crossReferences.add(new CrossReference(relation, tenant, owner, parent));
    }

    void referenceRefused() {
        refused.incrementAndGet();
    }

    void uncheckedReference(String relation, String tenant) {
        unchecked.add("'" + relation + "' as tenant '" + tenant + "'");
    }

    /** @return the references to another tenant's row that the application let a tenant create */
    public List<CrossReference> crossReferences() {
        synchronized (crossReferences) {
            return List.copyOf(crossReferences);
        }
    }

    /** @return attempts to reference another tenant's row that the application refused */
    public long referencesRefused() {
        return refused.get();
    }

    /**
     * @return relations whose attempt could not be made because the other tenant's parent had the
     *         same reference as the tenant's own (per-tenant ids, as with a schema per tenant), so it
     *         would have named the tenant's own row
     */
    public List<String> uncheckedReferences() {
        synchronized (unchecked) {
            return List.copyOf(unchecked);
        }
    }

    /** @return reads that ran to the end (failed ones excluded) */
    public long reads() {
        return reads.get();
    }

    /** @return every foreign marker seen */
    public List<Leak> leaks() {
        synchronized (leaks) {
            return List.copyOf(leaks);
        }
    }

    /** @return the reads that threw, described */
    public List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** @return the reads that never returned their own tenant's markers, so checked nothing */
    public List<String> blindOperations() {
        return ownSeen.entrySet().stream().filter(e -> e.getValue().get() == 0).map(Map.Entry::getKey).toList();
    }

    /**
     * @throws AssertionError listing every leak, every failed read and every read that never saw
     *         its own tenant's data; with the tenants and the random seed, for a replay
     */
    public void assertNoLeaks() {
        List<Leak> found = leaks();
        List<String> failed = failures();
        List<String> blind = blindOperations();
        List<CrossReference> crossed = crossReferences();
        if (found.isEmpty() && failed.isEmpty() && blind.isEmpty() && crossed.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("Leak test of tenants " + tenants + " (random seed " + randomSeed
                + "): " + reads() + " reads, " + found.size() + " leaks, " + failed.size() + " failed reads, "
                + crossed.size() + " cross-tenant references");
        crossed.forEach(c -> message.append("\n  CROSS-TENANT REFERENCE: ").append(c));
        found.stream().limit(20).forEach(leak -> message.append("\n  LEAK: ").append(leak));
        failed.stream().limit(10).forEach(f -> message.append("\n  FAILED: ").append(f));
        blind.forEach(name -> message.append("\n  BLIND: '").append(name).append("' never returned its own tenant's "
                + "markers, so it checked nothing; return the fields that hold the seeded text"));
        throw new AssertionError(message.toString());
    }

    @Override
    public String toString() {
        return "leak test: " + tenants.size() + " tenants, " + reads() + " reads, " + leaks.size() + " leaks, "
                + failures.size() + " failed reads, blind operations " + blindOperations() + ", "
                + crossReferences.size() + " cross-tenant references, " + refused.get() + " refused, unchecked "
                + uncheckedReferences();
    }
}
