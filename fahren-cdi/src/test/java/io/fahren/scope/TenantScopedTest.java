package io.fahren.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.impl.FahrenExtension;
import io.fahren.test.FahrenWeldTest;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@FahrenWeldTest
@AddBeanClasses(Counter.class)
class TenantScopedTest {

    @Inject
    Counter counter;

    @Inject
    TenantManagement management;

    @BeforeEach
    void reset() {
        Counter.DESTROYED.clear();
        Counter.CREATED.set(0);
    }

    @Test
    void eachTenantGetsItsOwnInstance() throws Exception {
        String acme = Tenants.callAs("acme", counter::identity);
        String globex = Tenants.callAs("globex", counter::identity);
        assertThat(acme).isNotEqualTo(globex);
        assertThat(Tenants.callAs("acme", counter::identity)).isEqualTo(acme);
        assertThat(Tenants.callAs("globex", counter::owner)).isEqualTo("globex");
        assertThat(Counter.CREATED).hasValue(2);
    }

    @Test
    void oneTenantSharesOneInstanceAcrossEightThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CyclicBarrier start = new CyclicBarrier(8);
        try {
            List<Future<String>> identities = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                identities.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return Tenants.callAs("acme", () -> {
                        counter.increment();
                        return counter.identity();
                    });
                }));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> identity : identities) {
                distinct.add(identity.get(10, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(Counter.CREATED).hasValue(1);
            assertThat(Tenants.callAs("acme", counter::increment)).isEqualTo(9);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void usingTheScopeWithoutATenantExplainsHowToSetOne() {
        assertThatThrownBy(counter::identity)
                .isInstanceOf(ContextNotActiveException.class)
                .hasMessageContaining("@TenantScoped bean " + Counter.class.getName())
                .hasMessageContaining("Tenants.runAs");
    }

    @Test
    void deletingATenantDestroysOnlyItsInstancesAsThatTenant() throws Exception {
        management.createTenant("acme");
        management.createTenant("globex");
        String before = Tenants.callAs("acme", counter::identity);
        Tenants.callAs("globex", counter::identity);

        management.deleteTenant("acme");

        assertThat(Counter.DESTROYED).containsExactly("acme/acme");
        management.createTenant("acme");
        assertThat(Tenants.callAs("acme", counter::identity)).isNotEqualTo(before);
    }

    @Test
    void shutdownDestroysEveryTenantsInstances() throws Exception {
        Weld weld = new Weld().disableDiscovery().addExtension(new FahrenExtension()).addBeanClass(Counter.class);
        try (WeldContainer container = weld.initialize()) {
            Counter scoped = container.select(Counter.class).get();
            Tenants.callAs("acme", scoped::identity);
            Tenants.callAs("globex", scoped::identity);
        }
        assertThat(Counter.DESTROYED).containsExactlyInAnyOrder("acme/acme", "globex/globex");
    }
}
