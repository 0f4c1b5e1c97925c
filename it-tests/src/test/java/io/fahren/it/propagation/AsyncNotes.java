package io.fahren.it.propagation;

import io.fahren.TenantId;
import io.fahren.Tenants;
import jakarta.enterprise.concurrent.Asynchronous;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Jakarta Concurrency {@code @Asynchronous} methods on the tiny executor. */
@ApplicationScoped
public class AsyncNotes {

    @Inject
    Notes notes;

    @Asynchronous(executor = PropagationResource.TINY)
    public CompletableFuture<String> read() {
        try {
            String tenant = Tenants.current().map(TenantId::value).orElse("<none>");
            return Asynchronous.Result.complete(tenant + " " + notes.all());
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
