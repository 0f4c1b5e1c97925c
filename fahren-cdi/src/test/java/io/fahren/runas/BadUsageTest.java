package io.fahren.runas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fahren.RunAsTenant;
import io.fahren.TenantParam;
import io.fahren.impl.FahrenExtension;
import io.fahren.test.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.jboss.weld.environment.se.Weld;
import org.junit.jupiter.api.Test;

class BadUsageTest {

    @ApplicationScoped
    public static class NoTenant {
        @RunAsTenant
        public void run() {
        }
    }

    @ApplicationScoped
    public static class Both {
        @RunAsTenant("acme")
        public void run(@TenantParam String tenant) {
        }
    }

    @ApplicationScoped
    public static class WrongType {
        @RunAsTenant
        public void run(@TenantParam int tenant) {
        }
    }

    @ApplicationScoped
    public static class InvalidConstant {
        @RunAsTenant("Not Valid")
        public void run() {
        }
    }

    @Test
    void everyMisuseIsADeploymentProblemNamingTheMethod() {
        Weld weld = new Weld().disableDiscovery().addExtension(new FahrenExtension())
                .addBeanClasses(NoTenant.class, Both.class, WrongType.class, InvalidConstant.class);
        Throwable failure = catchThrowable(weld::initialize);
        assertThat(failure).isInstanceOf(DeploymentException.class);
        String all = Failures.describe(failure);
        assertThat(all)
                .contains("NoTenant.run names no tenant")
                .contains("Both.run also has a @TenantParam parameter")
                .contains("WrongType.run is a int; it must be a String or an io.fahren.TenantId")
                .contains("@RunAsTenant value of " + InvalidConstant.class.getName() + ".run is not a valid tenant id");
    }
}
