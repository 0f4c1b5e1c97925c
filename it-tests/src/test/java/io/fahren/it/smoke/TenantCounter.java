package io.fahren.it.smoke;

import io.fahren.TenantScoped;
import io.fahren.Tenants;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** One instance per tenant. */
@TenantScoped
public class TenantCounter {

    private final String identity = UUID.randomUUID().toString();
    private final AtomicInteger hits = new AtomicInteger();
    private final String owner = Tenants.current().map(Object::toString).orElse("<proxy>");

    public String describe() {
        return owner + " " + identity + " " + hits.incrementAndGet();
    }
}
