package io.fahren.test;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/** Test resource "a", provisioned in position 3 (priority 30). */
@ApplicationScoped
@Priority(30)
public class ResourceA extends RecordingResource {

    @Override
    public String name() {
        return "a";
    }
}
