package io.fahren.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fahren.InvalidTenantIdException;
import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.impl.config.ConfigKey;
import io.fahren.impl.FahrenExtension;
import io.fahren.test.ConfigDocs;
import io.fahren.test.Failures;
import io.fahren.test.Journal;
import io.fahren.test.RecordingResource;
import io.fahren.test.ResourceA;
import io.fahren.test.TestConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.io.IOException;
import java.util.Map;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

class ConfigurationTest {

    @ApplicationScoped
    public static class NoPriority extends RecordingResource {
        @Override
        public String name() {
            return "unordered";
        }
    }

    @ApplicationScoped
    @Priority(5)
    public static class SameNameAsA extends RecordingResource {
        @Override
        public String name() {
            return "a";
        }
    }

    private static Weld weld(Class<?>... beans) {
        return new Weld().disableDiscovery().addExtension(new FahrenExtension()).addBeanClass(Journal.class)
                .addBeanClasses(beans);
    }

    private static String deploymentProblems(Map<String, String> config, Class<?>... beans) {
        try (TestConfig ignored = TestConfig.with(config)) {
            Throwable failure = catchThrowable(() -> weld(beans).initialize().close());
            assertThat(failure).isInstanceOf(DeploymentException.class);
            return Failures.describe(failure);
        }
    }

    @Test
    void configuredPatternAppliesEverywhereWhileTheContainerRuns() {
        try (TestConfig ignored = TestConfig.with(Map.of("fahren.tenant.id-pattern", "[a-z]{3}-[0-9]{2}"));
                WeldContainer container = weld().initialize()) {
            assertThat(TenantId.of("abc-12").value()).isEqualTo("abc-12");
            assertThatThrownBy(() -> TenantId.of("acme"))
                    .isInstanceOf(InvalidTenantIdException.class)
                    .hasMessageContaining("[a-z]{3}-[0-9]{2}");
            assertThatThrownBy(() -> Tenants.runAs("acme", () -> { }))
                    .isInstanceOf(InvalidTenantIdException.class);
            assertThatThrownBy(() -> container.select(TenantManagement.class).get().createTenant("acme"))
                    .isInstanceOf(InvalidTenantIdException.class);
        }
        assertThat(TenantId.of("acme").value()).as("default pattern is back after shutdown").isEqualTo("acme");
    }

    @Test
    void patternAdmittingQuotesFailsDeploymentNamingTheKey() {
        assertThat(deploymentProblems(Map.of("fahren.tenant.id-pattern", "[a-z']+")))
                .contains("fahren.tenant.id-pattern", "admits forbidden characters", TenantId.DEFAULT_PATTERN);
    }

    @Test
    void misspelledKeyFailsDeploymentListingTheKnownKeys() {
        assertThat(deploymentProblems(Map.of("fahren.tenant.id-patern", "[a-z]+")))
                .contains("Unknown configuration key 'fahren.tenant.id-patern'", "fahren.tenant.id-pattern");
    }

    @Test
    void resourceWithoutPriorityFailsDeployment() {
        assertThat(deploymentProblems(Map.of(), NoPriority.class))
                .contains("TenantResource bean " + NoPriority.class.getName() + " has no @Priority");
    }

    @Test
    void twoResourcesWithTheSameNameFailDeployment() {
        assertThat(deploymentProblems(Map.of(), ResourceA.class, SameNameAsA.class))
                .contains("Two TenantResource beans are named 'a'");
    }

    @Test
    void everyKeyIsDocumentedInTheConfigurationTable() throws IOException {
        ConfigDocs.assertDocumented(ConfigKey.values());
    }
}
