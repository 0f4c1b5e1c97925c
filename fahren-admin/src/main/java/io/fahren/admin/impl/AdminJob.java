package io.fahren.admin.impl;

import io.fahren.BulkProgress;
import java.time.Instant;
import java.util.Map;

/**
 * One long admin operation (a bulk rotation) running in the background: what it is, when it
 * started and how far it has come. Thread-safe: the runner replaces the progress, readers see the
 * latest snapshot.
 */
public final class AdminJob {

    private final String id;
    private final String operation;
    private final Instant startedAt = Instant.now();
    private volatile BulkProgress progress = new BulkProgress(0, 0, Map.of());
    private volatile Instant finishedAt;
    private volatile String error;

    AdminJob(String id, String operation) {
        this.id = id;
        this.operation = operation;
    }

    /** @return the job id, a random UUID */
    public String id() {
        return id;
    }

    /** @return what it does, such as {@code rotate-credentials} */
    public String operation() {
        return operation;
    }

    /** @return when it started */
    public Instant startedAt() {
        return startedAt;
    }

    /** @return the latest progress */
    public BulkProgress progress() {
        return progress;
    }

    /** @return when it finished, or null while it runs */
    public Instant finishedAt() {
        return finishedAt;
    }

    /** @return why the run as a whole failed (not one tenant), or null */
    public String error() {
        return error;
    }

    void report(BulkProgress now) {
        progress = now;
    }

    void finish(BulkProgress last, String failure) {
        if (last != null) {
            progress = last;
        }
        error = failure;
        finishedAt = Instant.now();
    }
}
