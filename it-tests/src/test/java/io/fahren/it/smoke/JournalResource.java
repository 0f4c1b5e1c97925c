package io.fahren.it.smoke;

import io.fahren.TenantId;
import io.fahren.spi.TenantResource;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A TenantResource of the test application that records what the management asked of it. */
@ApplicationScoped
@Priority(100)
public class JournalResource implements TenantResource {

    private final List<String> journal = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "journal";
    }

    @Override
    public void provision(TenantId tenantId) {
        journal.add("provision:" + tenantId);
    }

    @Override
    public void deprovision(TenantId tenantId) {
        journal.add("deprovision:" + tenantId);
    }

    /** @param entry what happened, such as destroyed:acme */
    public void record(String entry) {
        journal.add(entry);
    }

    public List<String> journal() {
        return List.copyOf(journal);
    }
}
