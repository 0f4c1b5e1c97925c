package io.fahren.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.InvalidTenantIdException;
import io.fahren.NoTenantException;
import io.fahren.TenantId;
import io.fahren.Tenants;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TenantsTest {

    @Test
    void noTenantByDefaultAndRequireSaysHowToSetOne() {
        assertThat(Tenants.current()).isEmpty();
        assertThatThrownBy(Tenants::require)
                .isInstanceOf(NoTenantException.class)
                .hasMessageContaining("Tenants.runAs")
                .hasMessageContaining("@RunAsTenant");
    }

    @Test
    void runAsNestsAndRestoresThePreviousTenant() {
        List<String> seen = new ArrayList<>();
        Tenants.runAs("acme", () -> {
            seen.add(Tenants.require().value());
            Tenants.runAs("globex", () -> seen.add(Tenants.require().value()));
            seen.add(Tenants.require().value());
        });
        assertThat(seen).containsExactly("acme", "globex", "acme");
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void runAsRestoresWhenTheBodyThrows() {
        Tenants.runAs("acme", () -> {
            assertThatThrownBy(() -> Tenants.runAs("globex", () -> {
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(Tenants.require().value()).isEqualTo("acme");
        });
        assertThatThrownBy(() -> Tenants.callAs("acme", () -> {
            throw new java.io.IOException("io");
        })).isInstanceOf(java.io.IOException.class);
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void anOpenScopeRestoresThePreviousTenantOnceAndOnlyOnItsThread() throws Exception {
        Tenants.Scope outer = Tenants.open(TenantId.of("acme"));
        Tenants.Scope inner = Tenants.open(TenantId.of("globex"));
        assertThat(Tenants.require().value()).isEqualTo("globex");
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> closing = other.submit(inner::close);
            assertThatThrownBy(closing::get).hasCauseInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed on the thread that opened it");
        } finally {
            other.shutdownNow();
        }
        inner.close();
        inner.close();
        assertThat(Tenants.require().value()).isEqualTo("acme");
        outer.close();
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void callAsReturnsTheBodysResult() throws Exception {
        assertThat(Tenants.callAs("acme", () -> Tenants.require().value() + "!")).isEqualTo("acme!");
    }

    @Test
    void invalidIdNeverRunsTheBody() {
        List<String> ran = new ArrayList<>();
        assertThatThrownBy(() -> Tenants.runAs("ACME'--", () -> ran.add("ran")))
                .isInstanceOf(InvalidTenantIdException.class);
        assertThat(ran).isEmpty();
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void pooledThreadsNeverCarryATenantIntoTheNextTask() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> results = new ArrayList<>();
            String[] plan = {"t1", "t2", "t3", null};
            for (int i = 0; i < 10_000; i++) {
                String tenant = plan[i % plan.length];
                results.add(pool.submit(() -> tenant == null
                        ? Tenants.current().map(TenantId::value).orElse("<none>")
                        : Tenants.callAs(tenant, () -> {
                            Thread.yield();
                            return Tenants.require().value();
                        }) + check()));
            }
            for (int i = 0; i < results.size(); i++) {
                String tenant = plan[i % plan.length];
                assertThat(results.get(i).get(10, TimeUnit.SECONDS))
                        .as("task %d", i)
                        .isEqualTo(tenant == null ? "<none>" : tenant);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** After callAs returns, the worker thread must be back to no tenant. */
    private static String check() {
        Optional<TenantId> after = Tenants.current();
        return after.isPresent() ? "(leaked " + after.get() + ")" : "";
    }

    private static String current() {
        return Tenants.current().map(TenantId::value).orElse("<none>");
    }

    @Test
    void openNoneClearsTheTenantUntilClosed() {
        Tenants.runAs("acme", () -> {
            try (Tenants.Scope none = Tenants.openNone()) {
                assertThat(Tenants.current()).isEmpty();
            }
            assertThat(current()).isEqualTo("acme");
        });
        try (Tenants.Scope none = Tenants.openNone()) {
            assertThat(Tenants.current()).isEmpty();
        }
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void scopesClosedOutOfOrderLeaveTheTenantTheThreadHadBeforeTheOutermost() {
        // two providers of one context type, ended by a container in the order it began them
        Tenants.Scope outer = Tenants.open(TenantId.of("acme"));
        Tenants.Scope inner = Tenants.open(TenantId.of("acme"));
        outer.close();
        assertThat(Tenants.current()).isEmpty();
        inner.close();
        assertThat(Tenants.current()).as("the inner scope must not bring acme back").isEmpty();

        Tenants.runAs("globex", () -> {
            Tenants.Scope first = Tenants.restore(TenantId.of("acme"));
            Tenants.Scope second = Tenants.restore(null);
            first.close();
            assertThat(current()).isEqualTo("globex");
            second.close();
            assertThat(current()).isEqualTo("globex");
        });
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void propagateRunsTheTaskAsTheTenantCurrentWhenItWasWrapped() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Runnable check = () -> assertThat(current()).isEqualTo("acme");
            Runnable wrapped = Tenants.callAs("acme", () -> Tenants.propagate(check));
            pool.submit(wrapped).get(10, TimeUnit.SECONDS);
            assertThat(pool.submit(() -> current()).get(10, TimeUnit.SECONDS)).isEqualTo("<none>");

            java.util.concurrent.Callable<String> none = Tenants.propagate(TenantsTest::current);
            assertThat(Tenants.callAs("globex", none)).as("captured without a tenant, run as none").isEqualTo("<none>");
            assertThat(Tenants.callAs("globex", () -> pool.submit(Tenants.propagate(TenantsTest::current))
                    .get(10, TimeUnit.SECONDS))).isEqualTo("globex");
        } finally {
            pool.shutdownNow();
        }
    }
}
