package io.fahren.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.TenantId;
import io.fahren.Tenants;
import io.fahren.scope.Counter;
import io.fahren.test.FahrenWeldTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MicroProfile Context Propagation (SmallRye's implementation, with Weld) carries the tenant to
 * managed tasks and completion stages, and clears it for tasks captured without one.
 */
@FahrenWeldTest
@AddBeanClasses(Counter.class)
class ManagedExecutorPropagationTest {

    private static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");

    @Inject
    Counter counter;

    private ManagedExecutor executor;

    @BeforeEach
    void tinyExecutor() {
        executor = ManagedExecutor.builder().maxAsync(2).maxQueued(-1).build();
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static String current() {
        return Tenants.current().map(TenantId::value).orElse("<none>");
    }

    @Test
    void interleavedTenantsFromEightThreadsOnATinyExecutorEachSeeTheirOwn() throws Exception {
        int threads = 8;
        int tasksPerThread = 200;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int caller = t;
                done.add(callers.submit(() -> {
                    start.await();
                    List<CompletableFuture<Void>> tasks = new ArrayList<>();
                    for (int i = 0; i < tasksPerThread; i++) {
                        String tenant = TENANTS.get((caller + i) % TENANTS.size());
                        tasks.add(Tenants.callAs(tenant, () -> executor.runAsync(() -> {
                            String seen = current() + "/" + counter.owner();
                            if (!seen.equals(tenant + "/" + tenant)) {
                                wrong.add("submitted as " + tenant + ", ran as " + seen);
                            }
                        })));
                    }
                    CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    return tasks.size();
                }));
            }
            int ran = 0;
            for (Future<Integer> f : done) {
                ran += f.get(90, TimeUnit.SECONDS);
            }
            assertThat(ran).isEqualTo(threads * tasksPerThread);
            assertThat(wrong).as("tasks that ran as another tenant than the one that submitted them").isEmpty();
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void eachCompletionStageRunsAsTheTenantCurrentWhereItWasCreated() throws Exception {
        CompletableFuture<String> chain = Tenants.callAs("acme", () -> executor.supplyAsync(() -> current())
                .thenApplyAsync(previous -> previous + ">" + current()));
        assertThat(chain.get(10, TimeUnit.SECONDS)).isEqualTo("acme>acme");

        CompletableFuture<String> started = Tenants.callAs("globex", () -> executor.completedFuture("start"));
        CompletableFuture<String> dependent = started.thenApplyAsync(s -> s + ">" + current());
        assertThat(dependent.get(10, TimeUnit.SECONDS))
                .as("a stage created with no tenant runs with none, whatever its source had")
                .isEqualTo("start><none>");
    }

    @Test
    void aTaskCapturedWithoutATenantRunsWithoutOneEvenOnAThreadThatHasOne() {
        ThreadContext context = ThreadContext.builder().build();
        AtomicReference<String> seen = new AtomicReference<>();
        Runnable task = context.contextualRunnable(() -> seen.set(current()));
        Tenants.runAs("acme", () -> {
            task.run();
            assertThat(current()).as("the thread's own tenant comes back").isEqualTo("acme");
        });
        assertThat(seen).hasValue("<none>");
    }

    @Test
    void aClearedTenantContextRunsTheTaskWithNone() throws Exception {
        ThreadContext clearing = ThreadContext.builder().propagated()
                .cleared(Tenants.THREAD_CONTEXT_TYPE).unchanged(ThreadContext.ALL_REMAINING).build();
        Supplier<String> task = Tenants.callAs("acme", () -> clearing.contextualSupplier(
                ManagedExecutorPropagationTest::current));
        assertThat(Tenants.callAs("globex", task::get)).isEqualTo("<none>");
    }

    @Test
    void theTenantNeverOutlivesTheTaskOnTheExecutorsThread() throws Exception {
        ManagedExecutor single = ManagedExecutor.builder().maxAsync(1).build();
        try {
            Tenants.callAs("acme", () -> single.runAsync(() -> { }).get(10, TimeUnit.SECONDS));
            // an unmanaged view of the same thread: a task that brings no context of its own
            Optional<TenantId> left = single.supplyAsync(Tenants::current).get(10, TimeUnit.SECONDS);
            assertThat(left).isEmpty();
            AtomicReference<Optional<TenantId>> raw = new AtomicReference<>();
            single.execute(() -> raw.set(Tenants.current()));
            single.supplyAsync(() -> null).get(10, TimeUnit.SECONDS);
            assertThat(raw.get()).isEmpty();
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void tenantScopedBeansResolveToThePropagatedTenantsInstance() throws Exception {
        String acmeHere = Tenants.callAs("acme", counter::identity);
        String acmeThere = Tenants.callAs("acme", () -> executor.supplyAsync(counter::identity))
                .get(10, TimeUnit.SECONDS);
        String globexThere = Tenants.callAs("globex", () -> executor.supplyAsync(counter::identity))
                .get(10, TimeUnit.SECONDS);
        assertThat(acmeThere).isEqualTo(acmeHere).isNotEqualTo(globexThere);
    }

    @Test
    void theTenantContextTypeIsRegisteredUnderItsName() throws Exception {
        ThreadContext onlyTenant = ThreadContext.builder().propagated(Tenants.THREAD_CONTEXT_TYPE)
                .cleared().unchanged(ThreadContext.ALL_REMAINING).build();
        Supplier<String> task = Tenants.callAs("initech", () -> onlyTenant.contextualSupplier(
                ManagedExecutorPropagationTest::current));
        assertThat(task.get()).isEqualTo("initech");
    }
}
