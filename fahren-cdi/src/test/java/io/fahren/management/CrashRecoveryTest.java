package io.fahren.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.TenantState;
import io.fahren.spi.TenantRegistry;
import io.fahren.test.FahrenWeldTest;
import io.fahren.test.Journal;
import io.fahren.test.ResourceA;
import io.fahren.test.ResourceB;
import io.fahren.test.ResourceC;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A crash leaves a tenant PROVISIONING or DELETING in the registry, with some resources
 * half-made. The next call for that id must clean up (and, for create, provision afresh).
 */
@FahrenWeldTest
@AddBeanClasses({Journal.class, ResourceA.class, ResourceB.class, ResourceC.class, Events.class})
class CrashRecoveryTest {

    private static final TenantId ACME = TenantId.of("acme");

    @Inject
    TenantManagement management;

    @Inject
    TenantRegistry registry;

    @Inject
    Journal journal;

    @Inject
    Events events;

    @ParameterizedTest
    @EnumSource(value = TenantState.class, names = {"PROVISIONING", "DELETING", "FAILED"})
    void createAfterACrashCleansUpThenProvisionsAfresh(TenantState leftOver) {
        registry.put(ACME, leftOver);

        Tenant tenant = management.createTenant("acme");

        assertThat(journal.entries()).containsExactly(
                "a.deprovision:acme", "c.deprovision:acme", "b.deprovision:acme",
                "b.provision:acme", "c.provision:acme", "a.provision:acme");
        assertThat(tenant.state()).isEqualTo(TenantState.ACTIVE);
        assertThat(events.seen()).containsExactly("created:acme");
    }

    @ParameterizedTest
    @EnumSource(value = TenantState.class, names = {"PROVISIONING", "DELETING", "FAILED"})
    void deleteAfterACrashFinishesTheCleanUp(TenantState leftOver) {
        registry.put(ACME, leftOver);

        management.deleteTenant("acme");

        assertThat(journal.entries()).containsExactly("a.deprovision:acme", "c.deprovision:acme", "b.deprovision:acme");
        assertThat(registry.find(ACME)).isEmpty();
        assertThat(events.seen()).containsExactly("deleted:acme");
    }

    @ParameterizedTest
    @EnumSource(value = TenantState.class, names = {"PROVISIONING", "DELETING"})
    void createWhoseCleanUpFailsProvisionsNothingAndKeepsTheTenantFailed(TenantState leftOver) {
        registry.put(ACME, leftOver);
        journal.failOn("c.deprovision");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> management.createTenant("acme"))
                .isInstanceOf(io.fahren.TenantProvisioningException.class)
                .hasMessageContaining("leftovers could not be removed")
                .hasMessageContaining("c (IllegalStateException");

        assertThat(journal.entries()).noneMatch(step -> step.contains(".provision"));
        assertThat(registry.find(ACME)).map(Tenant::state).contains(TenantState.FAILED);
    }
}
