package io.fahren.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.TenantId;
import io.fahren.Tenants;
import jakarta.enterprise.concurrent.spi.ThreadContextProvider;
import jakarta.enterprise.concurrent.spi.ThreadContextRestorer;
import jakarta.enterprise.concurrent.spi.ThreadContextSnapshot;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Jakarta Concurrency 3.0 provider, found the way a container finds it (the service loader)
 * and driven through the SPI calls a container makes around each task: capture where the task is
 * submitted, begin and end on the thread that runs it. Open Liberty's {@code concurrent-3.0} runs
 * the same provider in {@code it-tests}.
 */
class JakartaConcurrencyProviderTest {

    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    private static ThreadContextProvider provider() {
        List<ThreadContextProvider> found = ServiceLoader.load(ThreadContextProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> Tenants.THREAD_CONTEXT_TYPE.equals(p.getThreadContextType()))
                .toList();
        assertThat(found).as("Fahren's provider is registered under its context type").hasSize(1);
        return found.get(0);
    }

    private String runOnWorkerAs(String workerTenant, ThreadContextSnapshot snapshot) throws Exception {
        return worker.submit(() -> Tenants.callAs(workerTenant, () -> {
            ThreadContextRestorer restorer = snapshot.begin();
            String during;
            try {
                during = Tenants.current().map(TenantId::value).orElse("<none>");
            } finally {
                restorer.endContext();
            }
            return during + " then " + Tenants.require().value();
        })).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theSubmittersTenantIsCurrentWhileTheTaskRunsAndTheWorkersComesBack() throws Exception {
        ThreadContextSnapshot snapshot = Tenants.callAs("acme", () -> provider().currentContext(Map.of()));
        assertThat(runOnWorkerAs("globex", snapshot)).isEqualTo("acme then globex");
        assertThat(runOnWorkerAs("initech", snapshot)).as("a snapshot begins again for each run")
                .isEqualTo("acme then initech");
    }

    @Test
    void aSnapshotTakenWithNoTenantClearsTheWorkersTenant() throws Exception {
        ThreadContextSnapshot snapshot = provider().currentContext(Map.of());
        assertThat(runOnWorkerAs("globex", snapshot)).isEqualTo("<none> then globex");
    }

    @Test
    void theClearedContextRunsWithNoTenant() throws Exception {
        ThreadContextSnapshot cleared = Tenants.callAs("acme", () -> provider().clearedContext(Map.of()));
        assertThat(runOnWorkerAs("globex", cleared)).isEqualTo("<none> then globex");
    }

    @Test
    void endingOnAnotherThreadIsRefused() throws Exception {
        ThreadContextSnapshot snapshot = Tenants.callAs("acme", () -> provider().currentContext(Map.of()));
        ThreadContextRestorer restorer = worker.submit(snapshot::begin).get(10, TimeUnit.SECONDS);
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(restorer::endContext);
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed on the thread");
        worker.submit(restorer::endContext).get(10, TimeUnit.SECONDS);
        assertThat(worker.submit(Tenants::current).get(10, TimeUnit.SECONDS)).isEmpty();
    }
}
