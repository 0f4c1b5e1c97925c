package io.fahren.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fahren.admin.impl.AdminConfigKey;
import io.fahren.admin.impl.cdi.AdminExtension;
import io.fahren.impl.FahrenExtension;
import io.fahren.test.ConfigDocs;
import io.fahren.test.TestConfig;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.util.Map;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * The admin API is protected by default: an application that enables it and authenticates nobody
 * does not deploy, unless it says how callers are authenticated or opts out for development.
 */
class AdminDeploymentTest {

    private static Throwable deploy(Map<String, String> config, Class<?>... more) {
        try (TestConfig ignored = TestConfig.with(config)) {
            return catchThrowable(() -> {
                try (WeldContainer container = new Weld().disableDiscovery().addExtension(new FahrenExtension())
                        .addExtension(new AdminExtension()).addBeanClasses(TenantAdminResource.class,
                                AdminJobsResource.class, MigrationAdminResource.class).addBeanClasses(more).initialize()) {
                    assertThat(container.select(TenantAdminResource.class).isResolvable()).isTrue();
                }
            });
        }
    }

    @Test
    void anApplicationThatAuthenticatesNobodyDoesNotDeploy() {
        Throwable failure = deploy(Map.of());
        assertThat(failure).isInstanceOf(DeploymentException.class);
        assertThat(failure).hasStackTraceContaining("authenticates nobody")
                .hasStackTraceContaining("fahren.admin.security=container")
                .hasStackTraceContaining("fahren.admin.enabled=false");
    }

    @Test
    void anApplicationWithMicroProfileJwtDeploys() {
        assertThat(deploy(Map.of(), CallerToken.class)).isNull();
    }

    @Test
    void theServersOwnLoginOrASwitchedOffApiDeploys() {
        assertThat(deploy(Map.of("fahren.admin.security", "container"))).isNull();
        assertThat(deploy(Map.of("fahren.admin.enabled", "false"))).isNull();
        assertThat(deploy(Map.of("fahren.admin.security", "none"))).isNull();
    }

    @Test
    void wrongValuesAreDeploymentProblemsNamingTheKey() {
        assertThat(deploy(Map.of("fahren.admin.security", "maybe", "fahren.admin.enabled", "false")))
                .hasStackTraceContaining("fahren.admin.security must be auto, container or none");
        assertThat(deploy(Map.of("fahren.admin.role", "admins; drop", "fahren.admin.security", "container")))
                .hasStackTraceContaining("fahren.admin.role must be a role name");
    }

    @Test
    void everyKeyIsDocumented() throws Exception {
        ConfigDocs.assertDocumented(AdminConfigKey.values());
    }
}
