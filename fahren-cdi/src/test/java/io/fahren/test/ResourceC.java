package io.fahren.test;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;

/** Test resource "c", provisioned in position 2 (priority 20). */
@ApplicationScoped
@Priority(20)
public class ResourceC extends RecordingResource {

    @Override
    public String name() {
        return "c";
    }
}
