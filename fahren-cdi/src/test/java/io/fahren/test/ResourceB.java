package io.fahren.test;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/** Test resource "b", provisioned in position 1 (priority 10). */
@ApplicationScoped
@Priority(10)
public class ResourceB extends RecordingResource {

    @Override
    public String name() {
        return "b";
    }
}
