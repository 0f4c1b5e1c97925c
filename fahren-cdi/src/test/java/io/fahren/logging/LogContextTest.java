package io.fahren.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fahren.Tenants;
import io.fahren.impl.FahrenExtension;
import io.fahren.test.Failures;
import io.fahren.test.TestConfig;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.logging.log4j.ThreadContext;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The current tenant in the MDC of SLF4J (Logback here), Log4j 2 and JBoss Logging, for exactly as
 * long as it is current: nested tenants, no tenant, propagated tasks, and a configured key.
 */
class LogContextTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("fahren.test.log-context");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private static WeldContainer start(Map<String, String> config) {
        try (TestConfig ignored = TestConfig.with(config)) {
            return new Weld().disableDiscovery().addExtension(new FahrenExtension()).initialize();
        }
    }

    private List<String> tenantsLogged(String key) {
        List<String> seen = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            seen.add(event.getMessage() + "=" + event.getMDCPropertyMap().getOrDefault(key, "-"));
        }
        return seen;
    }

    @Test
    void logLinesCarryTheCurrentTenantOnlyWhileItIsCurrent() {
        try (WeldContainer container = start(Map.of())) {
            logger.info("before");
            Tenants.runAs("acme", () -> {
                logger.info("in acme");
                Tenants.runAs("globex", () -> logger.info("in globex"));
                logger.info("acme again");
            });
            logger.info("after");
        }
        assertThat(tenantsLogged("tenant"))
                .containsExactly("before=-", "in acme=acme", "in globex=globex", "acme again=acme", "after=-");
        assertThat(MDC.get("tenant")).isNull();
    }

    @Test
    void everyLoggingLibraryOnTheClassPathGetsTheTenant() {
        try (WeldContainer container = start(Map.of())) {
            Tenants.runAs("acme", () -> {
                assertThat(MDC.get("tenant")).isEqualTo("acme");
                assertThat(ThreadContext.get("tenant")).isEqualTo("acme");
                assertThat(org.jboss.logging.MDC.get("tenant")).isEqualTo("acme");
            });
            assertThat(MDC.get("tenant")).isNull();
            assertThat(ThreadContext.get("tenant")).isNull();
            assertThat(org.jboss.logging.MDC.get("tenant")).isNull();
        }
    }

    @Test
    void theKeyIsConfigurable() {
        try (WeldContainer container = start(Map.of("fahren.logging.mdc-key", "tenant_id"))) {
            Tenants.runAs("acme", () -> logger.info("in acme"));
        }
        assertThat(tenantsLogged("tenant_id")).containsExactly("in acme=acme");
        assertThat(tenantsLogged("tenant")).containsExactly("in acme=-");
    }

    @Test
    void aKeyWithWhiteSpaceFailsDeployment() {
        try (TestConfig ignored = TestConfig.with(Map.of("fahren.logging.mdc-key", "tenant id"))) {
            Throwable failure = catchThrowable(() ->
                    new Weld().disableDiscovery().addExtension(new FahrenExtension()).initialize().close());
            assertThat(failure).isInstanceOf(DeploymentException.class);
            assertThat(Failures.describe(failure)).contains("fahren.logging.mdc-key", "letters, digits");
        }
    }

    @Test
    void propagatedTasksLogAsTheirTenantAndLeaveNothingOnThePooledThread() throws Exception {
        ExecutorService plain = Executors.newSingleThreadExecutor();
        ManagedExecutor managed = ManagedExecutor.builder().maxAsync(1).build();
        try (WeldContainer container = start(Map.of())) {
            Tenants.runAs("acme", () -> managed.runAsync(() -> logger.info("managed task")).join());
            managed.runAsync(() -> logger.info("task without tenant")).join();
            Tenants.callAs("globex", () -> plain.submit(Tenants.propagate(() -> logger.info("wrapped task"))).get());
            plain.submit(() -> logger.info("plain thread afterwards")).get();
        } finally {
            plain.shutdownNow();
            managed.shutdownNow();
        }
        assertThat(tenantsLogged("tenant")).containsExactly("managed task=acme", "task without tenant=-",
                "wrapped task=globex", "plain thread afterwards=-");
    }

    @Test
    void afterShutdownTenantsNoLongerReachTheMdc() {
        start(Map.of()).close();
        Tenants.runAs("acme", () -> assertThat(MDC.get("tenant")).isNull());
    }
}
