package io.fahren.runas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.InvalidTenantIdException;
import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.UnknownTenantException;
import io.fahren.test.FahrenWeldTest;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@FahrenWeldTest
@AddBeanClasses({Reports.class, ClassLevelReports.class, AcmeReport.class, GlobexReport.class})
class RunAsTenantTest {

    @Inject
    Reports reports;

    @Inject
    ClassLevelReports classLevel;

    @Inject
    TenantManagement management;

    @BeforeEach
    void tenants() {
        management.createTenant("acme");
        management.createTenant("globex");
    }

    @Test
    void constantValueSetsTheTenant() {
        assertThat(reports.constant()).isEqualTo("acme");
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void classLevelBindingSetsTheTenant() {
        assertThat(classLevel.whoAmI()).isEqualTo("globex");
    }

    @Inject
    AcmeReport acmeReport;

    @Inject
    GlobexReport globexReport;

    @Test
    void inheritedMethodUsesEachBeanClassesOwnBinding() {
        assertThat(acmeReport.whoAmI()).isEqualTo("acme");
        assertThat(globexReport.whoAmI()).isEqualTo("globex");
        assertThat(acmeReport.whoAmI()).isEqualTo("acme");
    }

    @Test
    void tenantParamSetsTheTenant() {
        assertThat(reports.byString("x", "globex")).isEqualTo("x:globex");
        assertThat(reports.byTenantId(TenantId.of("acme"))).isEqualTo("acme");
    }

    @Test
    void previousTenantComesBackAfterReturnAndThrow() {
        Tenants.runAs("globex", () -> {
            assertThat(reports.constant()).isEqualTo("acme");
            assertThat(Tenants.require().value()).isEqualTo("globex");
            assertThatThrownBy(() -> reports.failing("acme")).hasMessage("failed as acme");
            assertThat(Tenants.require().value()).isEqualTo("globex");
        });
    }

    @Test
    void invalidIdIsRejectedBeforeTheMethodRuns() {
        assertThatThrownBy(() -> reports.byString("x", "ACME'; drop"))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining(TenantId.DEFAULT_PATTERN);
        assertThatThrownBy(() -> reports.byString("x", null))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining("@TenantParam parameter 1");
    }

    @Test
    void unknownTenantIsRejected() {
        assertThatThrownBy(() -> reports.byString("x", "initech"))
                .isInstanceOf(UnknownTenantException.class)
                .hasMessageContaining("'initech' does not exist")
                .hasMessageContaining("createTenant");
        management.deleteTenant("globex");
        assertThatThrownBy(classLevel::whoAmI).isInstanceOf(UnknownTenantException.class);
    }
}
