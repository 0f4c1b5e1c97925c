package io.fahren.scope;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.test.FahrenWeldTest;
import jakarta.inject.Inject;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.api.Test;

@FahrenWeldTest
@AddBeanClasses(ClientFactory.class)
class TenantScopedProducerTest {

    @Inject
    ClientFactory.Client client;

    @Inject
    TenantManagement management;

    @Test
    void producedBeansFollowTheCurrentTenantAndAreDisposedOnDelete() throws Exception {
        management.createTenant("acme");
        management.createTenant("globex");
        assertThat(Tenants.callAs("acme", client::tenant)).isEqualTo("acme");
        assertThat(Tenants.callAs("globex", client::tenant)).isEqualTo("globex");

        ClientFactory.DISPOSED.clear();
        management.deleteTenant("globex");

        assertThat(ClientFactory.DISPOSED).containsExactly("globex");
        assertThat(Tenants.callAs("acme", client::tenant)).isEqualTo("acme");
    }
}
