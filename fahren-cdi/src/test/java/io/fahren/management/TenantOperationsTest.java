package io.fahren.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fahren.BulkProgress;
import io.fahren.FahrenException;
import io.fahren.Tenant;
import io.fahren.TenantAlreadyExistsException;
import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.TenantOperationException;
import io.fahren.TenantPage;
import io.fahren.TenantQuery;
import io.fahren.TenantState;
import io.fahren.TenantSuspendedException;
import io.fahren.UnknownTenantException;
import io.fahren.internal.ActiveTenantCheck;
import io.fahren.spi.TenantRegistry;
import io.fahren.test.FahrenWeldTest;
import io.fahren.test.Journal;
import io.fahren.test.ResourceA;
import io.fahren.test.ResourceB;
import io.fahren.test.ResourceC;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.api.Test;

/** Suspend, resume, rotation, attributes, paged listing and bulk runs, over recording resources. */
@FahrenWeldTest
@AddBeanClasses({Journal.class, ResourceA.class, ResourceB.class, ResourceC.class, Events.class})
class TenantOperationsTest {

    private static final TenantId ACME = TenantId.of("acme");

    @Inject
    TenantManagement management;

    @Inject
    TenantRegistry registry;

    @Inject
    ActiveTenantCheck active;

    @Inject
    Journal journal;

    @Test
    void suspendRunsResourcesInReverseOrderRefusesTheTenantAndIsIdempotent() {
        management.createTenant("acme");
        active.require(ACME);
        journal.clear();

        Tenant suspended = management.suspendTenant("acme");

        assertThat(suspended.state()).isEqualTo(TenantState.SUSPENDED);
        assertThat(journal.entries()).containsExactly("a.suspend:acme", "c.suspend:acme", "b.suspend:acme");
        assertThatThrownBy(() -> active.require(ACME)).isInstanceOf(TenantSuspendedException.class)
                .hasMessageContaining("resumeTenant");
        journal.clear();
        assertThat(management.suspendTenant("acme").state()).isEqualTo(TenantState.SUSPENDED);
        assertThat(journal.entries()).as("a second suspend does nothing").isEmpty();
        assertThatThrownBy(() -> management.createTenant("acme")).isInstanceOf(TenantAlreadyExistsException.class);

        assertThat(management.resumeTenant("acme").state()).isEqualTo(TenantState.ACTIVE);
        assertThat(journal.entries()).containsExactly("b.resume:acme", "c.resume:acme", "a.resume:acme");
        active.require(ACME);
        journal.clear();
        assertThat(management.resumeTenant("acme").state()).isEqualTo(TenantState.ACTIVE);
        assertThat(journal.entries()).as("resuming an active tenant does nothing").isEmpty();
    }

    @Test
    void aFailedSuspendTriesEveryResourceStaysRefusedAndTheNextCallFinishesIt() {
        management.createTenant("acme");
        journal.clear();
        journal.failOn("c.suspend");

        TenantOperationException failure = catchThrowableOfType(TenantOperationException.class,
                () -> management.suspendTenant("acme"));

        assertThat(failure.failedResources()).containsExactly("c");
        assertThat(failure).hasMessageContaining("SUSPENDING").hasMessageContaining("suspendTenant again");
        assertThat(journal.entries()).containsExactly("a.suspend:acme", "c.suspend:acme", "b.suspend:acme");
        assertThat(registry.find(ACME).orElseThrow().state()).isEqualTo(TenantState.SUSPENDING);
        assertThatThrownBy(() -> active.require(ACME)).isInstanceOf(TenantSuspendedException.class);

        journal.heal();
        assertThat(management.suspendTenant("acme").state()).isEqualTo(TenantState.SUSPENDED);
    }

    @Test
    void aFailedResumeStaysRefusedAsResumingAndCanBeRetriedOrSuspendedAgain() {
        management.createTenant("acme");
        management.suspendTenant("acme");
        journal.failOn("b.resume");

        assertThatThrownBy(() -> management.resumeTenant("acme")).isInstanceOf(TenantOperationException.class)
                .hasMessageContaining("RESUMING");
        assertThat(registry.find(ACME).orElseThrow().state()).isEqualTo(TenantState.RESUMING);
        assertThatThrownBy(() -> active.require(ACME)).isInstanceOf(TenantSuspendedException.class);

        journal.heal();
        assertThat(management.suspendTenant("acme").state()).isEqualTo(TenantState.SUSPENDED);
        assertThat(management.resumeTenant("acme").state()).isEqualTo(TenantState.ACTIVE);
    }

    @Test
    void onlyProvisionedTenantsAreSuspendedResumedOrRotated() {
        assertThatThrownBy(() -> management.suspendTenant("nobody")).isInstanceOf(UnknownTenantException.class);
        assertThatThrownBy(() -> management.rotateCredentials("nobody")).isInstanceOf(UnknownTenantException.class);
        registry.put(ACME, TenantState.FAILED);
        assertThatThrownBy(() -> management.suspendTenant("acme")).isInstanceOf(FahrenException.class)
                .hasMessageContaining("FAILED").hasMessageContaining("deleteTenant");
        assertThatThrownBy(() -> management.rotateCredentials("acme")).hasMessageContaining("FAILED");
        registry.put(ACME, TenantState.ACTIVE);
        assertThatThrownBy(() -> management.suspendTenant("Not Valid")).isInstanceOf(io.fahren.InvalidTenantIdException.class);
        management.suspendTenant("acme");
        management.deleteTenant("acme");
        assertThat(management.find("acme")).as("a suspended tenant is deleted like any other").isEmpty();
    }

    @Test
    void rotationRunsEveryResourceInOrderAndKeepsTheTenantActive() {
        management.createTenant("acme");
        journal.clear();
        assertThat(management.rotateCredentials("acme").state()).isEqualTo(TenantState.ACTIVE);
        assertThat(journal.entries()).containsExactly("b.rotate:acme", "c.rotate:acme", "a.rotate:acme");
        journal.failOn("c.rotate");
        assertThat(catchThrowableOfType(TenantOperationException.class, () -> management.rotateCredentials("acme"))
                .failedResources()).containsExactly("c");
        assertThat(registry.find(ACME).orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
        active.require(ACME);
    }

    @Test
    void attributesAreRecordedBeforeResourcesRunAndBadOnesTouchNothing() {
        Tenant acme = management.createTenant("acme", Map.of("plan", "pro", "region", "eu"));
        assertThat(acme.attributes()).containsExactly(Map.entry("plan", "pro"), Map.entry("region", "eu"));
        assertThat(management.updateAttributes("acme", Map.of("plan", "free")).attributes())
                .containsExactly(Map.entry("plan", "free"));

        journal.clear();
        assertThatThrownBy(() -> management.createTenant("globex", Map.of("Bad Key", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must match");
        assertThatThrownBy(() -> management.createTenant("globex", Map.of("plan", "line\nbreak")))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> management.createTenant("globex", Map.of("plan", "x".repeat(1025))))
                .hasMessageContaining("1025 characters");
        assertThatThrownBy(() -> management.createTenant("globex", Map.of("fahren.server", "west")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Fahren's own");
        assertThat(journal.entries()).isEmpty();
        assertThat(management.find("globex")).isEmpty();
        assertThatThrownBy(() -> management.updateAttributes("globex", Map.of("plan", "x")))
                .isInstanceOf(UnknownTenantException.class);
    }

    /** Fahren's own attributes (where a tenant's data is, a move in progress) survive an update. */
    @Test
    void updatingAttributesKeepsFahrensOwn() {
        management.createTenant("acme", Map.of("plan", "pro"));
        registry.putAttributes(io.fahren.TenantId.of("acme"), Map.of("plan", "pro", "fahren.server", "east"));
        assertThat(management.updateAttributes("acme", Map.of("plan", "free")).attributes())
                .containsExactly(Map.entry("fahren.server", "east"), Map.entry("plan", "free"));
        assertThat(management.updateAttributes("acme", Map.of()).attributes())
                .containsExactly(Map.entry("fahren.server", "east"));
        assertThat(management.updateAttributes("acme", Map.of("fahren.server", "east", "plan", "x")).attributes())
                .as("passed with the value it has").containsEntry("plan", "x");
        assertThatThrownBy(() -> management.updateAttributes("acme", Map.of("fahren.server", "west")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only Fahren changes it");
        assertThatThrownBy(() -> management.updateAttributes("acme", Map.of("fahren.moving-to", "west")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(management.find("acme").orElseThrow().attributes())
                .containsExactly(Map.entry("fahren.server", "east"), Map.entry("plan", "x"));
    }

    @Test
    void pagesFilterByStateAttributeAndPrefixAndFollowTheCursor() {
        for (int i = 0; i < 25; i++) {
            management.createTenant(String.format("t%02d", i), Map.of("plan", i % 5 == 0 ? "pro" : "free"));
        }
        management.suspendTenant("t03");
        List<String> all = new ArrayList<>();
        TenantQuery query = TenantQuery.all().inStates(TenantState.ACTIVE).limit(7);
        TenantPage page = management.list(query);
        while (true) {
            page.tenants().forEach(t -> all.add(t.id().value()));
            if (page.next().isEmpty()) {
                break;
            }
            page = management.list(query.after(page.next().get()));
        }
        assertThat(all).hasSize(24).doesNotContain("t03").isSorted();
        assertThat(management.list(TenantQuery.all().withAttribute("plan", "pro")).tenants())
                .extracting(t -> t.id().value()).containsExactly("t00", "t05", "t10", "t15", "t20");
        assertThat(management.list(TenantQuery.all().withIdPrefix("t1")).tenants()).hasSize(10);
        assertThatThrownBy(() -> TenantQuery.all().withIdPrefix("t%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantQuery.all().limit(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TenantQuery.all().after("Robert'); DROP")).isInstanceOf(io.fahren.InvalidTenantIdException.class);
    }

    @Test
    void aBulkRotationRunsBoundedInParallelPastFailuresAndReportsProgress() {
        for (int i = 0; i < 12; i++) {
            management.createTenant("bulk" + i);
        }
        journal.clear();
        List<BulkProgress> seen = Collections.synchronizedList(new ArrayList<>());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        journal.onRecord(() -> {
            threads.add(Thread.currentThread().getName());
            most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
        });
        journal.failOn("c.rotate");

        BulkProgress failed = management.rotateCredentials(TenantQuery.all().limit(5), 3, seen::add);

        journal.onRecord(null);
        assertThat(failed.total()).isEqualTo(12);
        assertThat(failed.succeeded()).isZero();
        assertThat(failed.failures()).hasSize(12).allSatisfy((id, why) -> assertThat(why).contains("failed for c"));
        assertThat(seen).hasSize(12).last().matches(BulkProgress::finished);
        assertThat(most.get()).isBetween(2, 3);
        assertThat(threads).allMatch(name -> name.startsWith("fahren-bulk-"));

        journal.heal();
        BulkProgress done = management.rotateCredentials(TenantQuery.all().withIdPrefix("bulk1"), 2, p -> { });
        assertThat(done.total()).isEqualTo(3);
        assertThat(done.succeeded()).isEqualTo(3);
        assertThat(done.failures()).isEmpty();
        assertThatThrownBy(() -> management.rotateCredentials(TenantQuery.all(), 0, p -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
