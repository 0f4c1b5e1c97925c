package io.fahren.scope;

import io.fahren.TenantScoped;
import io.fahren.Tenants;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A tenant-scoped bean that remembers which tenant created it and reports its destruction. */
@TenantScoped
public class Counter {

    /** Each destroyed instance appends "owner/tenant-current-at-destruction". */
    public static final List<String> DESTROYED = new CopyOnWriteArrayList<>();
    /** How many instances were constructed. */
    public static final AtomicInteger CREATED = new AtomicInteger();

    private final String identity = UUID.randomUUID().toString();
    private final AtomicInteger count = new AtomicInteger();
    private String owner;

    @PostConstruct
    void init() {
        owner = Tenants.require().value();
        CREATED.incrementAndGet();
    }

    @PreDestroy
    void destroy() {
        DESTROYED.add(owner + "/" + Tenants.current().map(Object::toString).orElse("<none>"));
    }

    public String identity() {
        return identity;
    }

    public String owner() {
        return owner;
    }

    public int increment() {
        return count.incrementAndGet();
    }
}
