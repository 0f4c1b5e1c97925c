package io.fahren.it.propagation;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.context.ManagedExecutor;

/** A tiny MicroProfile {@code ManagedExecutor}, built with its default (all remaining) propagation. */
@ApplicationScoped
public class MicroProfileExecutor {

    private ManagedExecutor executor;

    @PostConstruct
    void start() {
        executor = ManagedExecutor.builder().maxAsync(2).build();
    }

    ManagedExecutor executor() {
        return executor;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
