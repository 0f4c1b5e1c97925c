package io.fahren.it.smoke;

import io.fahren.TenantScoped;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import io.fahren.Tenants;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** One instance per tenant, destroyed with its tenant. */
@TenantScoped
public class TenantCounter {

    private final String identity = UUID.randomUUID().toString();
    private final AtomicInteger hits = new AtomicInteger();
    private final String owner = Tenants.current().map(Object::toString).orElse("<proxy>");

    @Inject
    JournalResource journal;

    /** Runs when the tenant is deleted (and at shutdown): recorded so the test can see it. */
    @PreDestroy
    void destroyed() {
        journal.record("destroyed:" + owner);
    }

    public String describe() {
        return owner + " " + identity + " " + hits.incrementAndGet();
    }
}
