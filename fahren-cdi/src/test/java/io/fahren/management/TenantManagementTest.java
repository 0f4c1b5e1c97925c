package io.fahren.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fahren.InvalidTenantIdException;
import io.fahren.Tenant;
import io.fahren.TenantAlreadyExistsException;
import io.fahren.TenantDeletionException;
import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.TenantProvisioningException;
import io.fahren.TenantState;
import io.fahren.spi.TenantRegistry;
import io.fahren.test.FahrenWeldTest;
import io.fahren.test.Journal;
import io.fahren.test.ResourceA;
import io.fahren.test.ResourceB;
import io.fahren.test.ResourceC;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@FahrenWeldTest
@AddBeanClasses({Journal.class, ResourceA.class, ResourceB.class, ResourceC.class, Events.class})
class TenantManagementTest {

    private static final TenantId ACME = TenantId.of("acme");

    @Inject
    TenantManagement management;

    @Inject
    TenantRegistry registry;

    @Inject
    Journal journal;

    @Inject
    Events events;

    @Test
    void createProvisionsInPriorityOrderAndRecordsTheTenantAsActive() {
        Tenant tenant = management.createTenant("acme");

        assertThat(journal.entries()).containsExactly("b.provision:acme", "c.provision:acme", "a.provision:acme");
        assertThat(tenant.state()).isEqualTo(TenantState.ACTIVE);
        assertThat(management.find("acme")).contains(tenant);
        assertThat(management.list()).extracting(Tenant::id).containsExactly(ACME);
        assertThat(events.seen()).containsExactly("created:acme");
    }

    @Test
    void deleteDeprovisionsInReverseOrderAndForgetsTheTenant() {
        management.createTenant("acme");
        journal.clear();

        management.deleteTenant("acme");

        assertThat(journal.entries()).containsExactly("a.deprovision:acme", "c.deprovision:acme", "b.deprovision:acme");
        assertThat(management.find("acme")).isEmpty();
        assertThat(events.seen()).containsExactly("created:acme", "deleted:acme");
    }

    @ParameterizedTest(name = "resource {0} fails")
    @CsvSource(delimiter = '|', value = {
        "1 | b | b.provision:acme",
        "2 | c | b.provision:acme, c.provision:acme, b.deprovision:acme",
        "3 | a | b.provision:acme, c.provision:acme, a.provision:acme, c.deprovision:acme, b.deprovision:acme"})
    void failureAtResourceKRollsBackResourcesBeforeItInReverseOrder(int k, String failing, String expected) {
        journal.failOn(failing + ".provision");

        TenantProvisioningException e = catchThrowableOfType(TenantProvisioningException.class,
                () -> management.createTenant("acme"));

        assertThat(journal.entries()).containsExactly(expected.split(",\\s*"));
        assertThat(e.resource()).isEqualTo(failing);
        assertThat(e.leftovers()).isFalse();
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
                .hasMessage("injected failure at " + failing + ".provision:acme");
        assertThat(e.getMessage()).contains("'acme'", "'" + failing + "'", "rolled back", "createTenant again");
        assertThat(registry.list()).isEmpty();
        assertThat(events.seen()).isEmpty();
    }

    @Test
    void failedRollbackKeepsTheTenantAsFailedUntilTheNextCallCleansUp() {
        journal.failOn("a.provision");
        journal.failOn("b.deprovision");

        TenantProvisioningException e = catchThrowableOfType(TenantProvisioningException.class,
                () -> management.createTenant("acme"));

        assertThat(e.leftovers()).isTrue();
        assertThat(e.getCause().getSuppressed()).hasSize(1);
        assertThat(e.getMessage()).contains("[b]", "FAILED");
        assertThat(registry.find(ACME)).map(Tenant::state).contains(TenantState.FAILED);

        journal.heal();
        journal.clear();
        management.createTenant("acme");

        assertThat(journal.entries()).containsExactly(
                "a.deprovision:acme", "c.deprovision:acme", "b.deprovision:acme",
                "b.provision:acme", "c.provision:acme", "a.provision:acme");
        assertThat(registry.find(ACME)).map(Tenant::state).contains(TenantState.ACTIVE);
    }

    @Test
    void createOnAnActiveTenantThrowsAndChangesNothing() {
        management.createTenant("acme");
        journal.clear();

        assertThatThrownBy(() -> management.createTenant("acme"))
                .isInstanceOf(TenantAlreadyExistsException.class)
                .hasMessageContaining("'acme' already exists");
        assertThat(journal.entries()).isEmpty();
        assertThat(registry.find(ACME)).map(Tenant::state).contains(TenantState.ACTIVE);
    }

    @Test
    void deleteOfAnUnknownTenantIsANoOp() {
        management.deleteTenant("ghost");
        assertThat(journal.entries()).isEmpty();
        assertThat(events.seen()).isEmpty();
    }

    @Test
    void deleteKeepsGoingAndReportsEveryFailureInOneException() {
        management.createTenant("acme");
        journal.clear();
        journal.failOn("a.deprovision");
        journal.failOn("b.deprovision");

        TenantDeletionException e = catchThrowableOfType(TenantDeletionException.class,
                () -> management.deleteTenant("acme"));

        assertThat(journal.entries()).containsExactly("a.deprovision:acme", "c.deprovision:acme", "b.deprovision:acme");
        assertThat(e.failedResources()).containsExactly("a", "b");
        assertThat(e.getSuppressed()).hasSize(2);
        assertThat(e.getMessage()).contains("a (IllegalStateException", "b (IllegalStateException", "deleteTenant again");
        assertThat(registry.find(ACME)).map(Tenant::state).contains(TenantState.FAILED);
        assertThat(events.seen()).containsExactly("created:acme");

        journal.heal();
        management.deleteTenant("acme");
        assertThat(registry.find(ACME)).isEmpty();
        assertThat(events.seen()).containsExactly("created:acme", "deleted:acme");
    }

    @Test
    void concurrentCreatesOfOneTenantProvisionItExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CyclicBarrier start = new CyclicBarrier(8);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        return management.createTenant("acme").state().name();
                    } catch (TenantAlreadyExistsException e) {
                        return "exists";
                    }
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(10, TimeUnit.SECONDS));
            }
            assertThat(results).containsOnlyOnce("ACTIVE").containsOnly("ACTIVE", "exists");
            assertThat(journal.entries()).containsExactly("b.provision:acme", "c.provision:acme", "a.provision:acme");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void invalidIdTouchesNothing() {
        for (String bad : List.of("", "ACME", "a'b", "a*")) {
            assertThatThrownBy(() -> management.createTenant(bad)).isInstanceOf(InvalidTenantIdException.class);
            assertThatThrownBy(() -> management.deleteTenant(bad)).isInstanceOf(InvalidTenantIdException.class);
        }
        assertThat(journal.entries()).isEmpty();
        assertThat(registry.list()).isEmpty();
    }
}
