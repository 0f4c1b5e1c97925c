package io.fahren.bench;

import jakarta.enterprise.context.ApplicationScoped;

/** The baseline: one instance for the application. */
@ApplicationScoped
public class AppCounter {

    private long count;

    public long increment() {
        return ++count;
    }
}
