package io.fahren.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.TenantId;
import io.fahren.Tenants;
import io.fahren.impl.context.HttpScopes;
import io.fahren.test.FahrenWeldTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.weld.junit5.auto.AddBeanClasses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous JAX-RS resource method ends the request's tenant on the request thread when it
 * returns (its response is finished on another thread); a synchronous one leaves it to the
 * response filter.
 */
@FahrenWeldTest
@AddBeanClasses({AsyncResourceThreadTest.Orders.class, AsyncResourceThreadTest.FinalResource.class,
        AsyncResourceThreadTest.SyncOnly.class})
class AsyncResourceThreadTest {

    @Path("orders")
    @ApplicationScoped
    public static class Orders {

        @GET
        public String list() {
            return Tenants.require().value();
        }

        @GET
        @Path("async")
        public CompletionStage<String> listLater() {
            return CompletableFuture.completedFuture(Tenants.require().value());
        }

        @GET
        @Path("suspended")
        public void listSuspended(@Suspended AsyncResponse response) {
            Tenants.require();
        }
    }

    /** A final resource class: CDI cannot intercept it, so it is left alone (the deployment still starts). */
    @Path("final")
    @jakarta.enterprise.context.Dependent
    public static final class FinalResource {
        @GET
        public CompletionStage<String> later() {
            return CompletableFuture.completedFuture("later");
        }
    }

    /** No asynchronous method: not intercepted at all. */
    @Path("sync")
    @jakarta.enterprise.context.Dependent
    public static class SyncOnly {
        @GET
        public String now() {
            return "now";
        }
    }

    @Inject
    Orders orders;

    @Inject
    FinalResource finalResource;

    @Inject
    SyncOnly syncOnly;

    @AfterEach
    void end() {
        HttpScopes.close();
    }

    @Test
    void aCompletionStageMethodEndsTheTenantOnTheRequestThread() throws Exception {
        HttpScopes.open(TenantId.of("acme"));
        assertThat(orders.listLater().toCompletableFuture().get()).as("the method itself runs as acme").isEqualTo("acme");
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void aSuspendedMethodEndsTheTenantOnTheRequestThread() {
        HttpScopes.open(TenantId.of("acme"));
        orders.listSuspended(null);
        assertThat(Tenants.current()).isEmpty();
    }

    @Test
    void resourcesCdiCannotInterceptOrWithoutAsynchronousMethodsStillDeployAndAreLeftAlone() throws Exception {
        HttpScopes.open(TenantId.of("acme"));
        assertThat(finalResource.later().toCompletableFuture().get()).isEqualTo("later");
        assertThat(syncOnly.now()).isEqualTo("now");
        assertThat(Tenants.current()).map(TenantId::value).hasValue("acme");
    }

    @Test
    void aSynchronousMethodKeepsTheTenantForTheResponseFilter() {
        HttpScopes.open(TenantId.of("acme"));
        assertThat(orders.list()).isEqualTo("acme");
        assertThat(Tenants.current()).map(TenantId::value).hasValue("acme");
    }
}
