package io.fahren.management;

import io.fahren.TenantCreated;
import io.fahren.TenantDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Observes the lifecycle events. */
@ApplicationScoped
public class Events {

    private final List<String> seen = new CopyOnWriteArrayList<>();

    void created(@Observes TenantCreated event) {
        seen.add("created:" + event.tenantId());
    }

    void deleted(@Observes TenantDeleted event) {
        seen.add("deleted:" + event.tenantId());
    }

    public List<String> seen() {
        return seen;
    }
}
