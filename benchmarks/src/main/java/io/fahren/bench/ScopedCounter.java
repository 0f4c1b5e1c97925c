package io.fahren.bench;

import io.fahren.TenantScoped;

/** One instance per tenant. */
@TenantScoped
public class ScopedCounter {

    private long count;

    public long increment() {
        return ++count;
    }
}
