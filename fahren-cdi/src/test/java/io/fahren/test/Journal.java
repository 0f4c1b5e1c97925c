package io.fahren.test;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Records what the test resources did, and makes chosen steps fail.
 */
@ApplicationScoped
public class Journal {

    private final List<String> entries = new ArrayList<>();
    private final Set<String> failing = new HashSet<>();
    private volatile Runnable onRecord;

    /**
     * @param hook run on every record, outside the journal's lock (to observe threads), or null
     */
    public void onRecord(Runnable hook) {
        onRecord = hook;
    }

    /**
     * @param step such as {@code "b.provision"}
     */
    public synchronized void failOn(String step) {
        failing.add(step);
    }

    /** Makes every step succeed again. */
    public synchronized void heal() {
        failing.clear();
    }

    /**
     * Records the step, then fails if asked to.
     *
     * @param step such as {@code "b.provision:acme"}
     */
    public void record(String step) {
        Runnable hook = onRecord;
        if (hook != null) {
            hook.run();
        }
        recordStep(step);
    }

    private synchronized void recordStep(String step) {
        entries.add(step);
        String withoutTenant = step.substring(0, step.indexOf(':'));
        if (failing.contains(withoutTenant)) {
            throw new IllegalStateException("injected failure at " + step);
        }
    }

    /**
     * @return the steps recorded so far
     */
    public synchronized List<String> entries() {
        return List.copyOf(entries);
    }

    /** Forgets the recorded steps. */
    public synchronized void clear() {
        entries.clear();
    }
}
