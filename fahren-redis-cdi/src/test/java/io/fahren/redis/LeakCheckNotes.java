package io.fahren.redis;

import io.fahren.testing.LeakCheck;

/**
 * What every test class of {@link LeakCheckAnnotationTest} shares: tenants created and deleted
 * through Redis prefix isolation, and a seed that appends to the tenant's {@code notes} list.
 * The annotated methods are found in superclasses too.
 */
abstract class LeakCheckNotes {

    @LeakCheck.Provision
    void create(String tenant) {
        LeakCheckAnnotationTest.redis.forManagement().createTenant(tenant);
    }

    @LeakCheck.Deprovision
    void delete(String tenant) {
        LeakCheckAnnotationTest.redis.forManagement().deleteTenant(tenant);
    }

    @LeakCheck.Seed
    void note(String tenant, String marker) {
        LeakCheckAnnotationTest.current.rpush("notes", marker);
    }
}
