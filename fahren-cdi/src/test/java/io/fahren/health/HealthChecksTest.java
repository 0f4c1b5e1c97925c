package io.fahren.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.impl.FahrenExtension;
import io.fahren.internal.HealthProbe;
import io.fahren.test.TestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * Fahren's readiness and liveness checks in Weld SE, called the way a MicroProfile Health runtime
 * calls them: found by qualifier, each call one response.
 */
class HealthChecksTest {

    /** A probe that hangs until released, counting how often it was started. */
    @ApplicationScoped
    public static class HangingProbe implements HealthProbe {
        static final AtomicInteger STARTED = new AtomicInteger();
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @Override
        public String name() {
            return "hanging";
        }

        @Override
        public Result check(Settings settings) {
            STARTED.incrementAndGet();
            try {
                RELEASE.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Result(true, Map.of());
        }
    }

    private static WeldContainer start(Map<String, String> config, Class<?>... beans) {
        try (TestConfig ignored = TestConfig.with(config)) {
            return new Weld().disableDiscovery().addExtension(new FahrenExtension()).addBeanClasses(beans).initialize();
        }
    }

    private static HealthCheckResponse readiness(WeldContainer container) {
        return container.select(HealthCheck.class, Readiness.Literal.INSTANCE).get().call();
    }

    @Test
    void readinessAndLivenessAreRegisteredAndUpWithTheirProbes() {
        try (WeldContainer container = start(Map.of())) {
            HealthCheckResponse ready = readiness(container);
            assertThat(ready.getName()).isEqualTo("fahren");
            assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(ready.getData().orElseThrow()).containsEntry("registry", "UP").containsEntry("secrets", "UP")
                    .containsEntry("secrets.provider", "none");
            HealthCheckResponse live = container.select(HealthCheck.class, Liveness.Literal.INSTANCE).get().call();
            assertThat(live.getName()).isEqualTo("fahren-liveness");
            assertThat(live.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        }
    }

    @Test
    void aSecretsStoreThatDoesNotAnswerMakesReadinessDownWithoutShowingTheToken() {
        String token = "hvs.health-test-token-0123456789";
        try (WeldContainer container = start(Map.of("fahren.secrets.provider", "vault",
                "fahren.secrets.vault.address", "http://127.0.0.1:1", "fahren.secrets.vault.token", token))) {
            HealthCheckResponse ready = readiness(container);
            assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(ready.getData().orElseThrow()).containsEntry("secrets", "DOWN")
                    .containsEntry("secrets.provider", "vault").containsEntry("registry", "UP");
            assertThat(ready.getData().orElseThrow().toString()).contains("SecretsUnavailableException")
                    .doesNotContain(token);
        }
    }

    @Test
    void disabledHealthRegistersNoCheck() {
        try (WeldContainer container = start(Map.of("fahren.health.enabled", "false"))) {
            assertThat(container.select(HealthCheck.class, Readiness.Literal.INSTANCE).isResolvable()).isFalse();
            assertThat(container.select(HealthCheck.class, Liveness.Literal.INSTANCE).isResolvable()).isFalse();
        }
    }

    @Test
    void aProbeThatDoesNotAnswerIsDownAfterTheTimeoutAndIsNotStartedTwice() {
        try (WeldContainer container = start(Map.of("fahren.health.timeout-seconds", "1"), HangingProbe.class)) {
            long started = System.nanoTime();
            HealthCheckResponse first = readiness(container);
            HealthCheckResponse second = readiness(container);
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertThat(first.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(first.getData().orElseThrow()).containsEntry("hanging", "DOWN")
                    .containsEntry("hanging.error", "no answer within 1 s (fahren.health.timeout-seconds)")
                    .containsEntry("registry", "UP");
            assertThat(second.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(seconds).isLessThan(5);
            assertThat(HangingProbe.STARTED).hasValue(1);
        } finally {
            HangingProbe.RELEASE.countDown();
        }
    }
}
