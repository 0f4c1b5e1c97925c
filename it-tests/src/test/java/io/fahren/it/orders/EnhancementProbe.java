package io.fahren.it.orders;

import io.fahren.samples.orders.Order;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Tells the test which interfaces the server's copy of the sample's entity implements: Hibernate's
 * run-time bytecode enhancement adds {@code ManagedEntity} and {@code SelfDirtinessTracker}.
 */
@Path("it/enhancement")
@ApplicationScoped
public class EnhancementProbe {

    /** @return the entity class's interfaces, comma-separated */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String interfaces() {
        return Arrays.stream(Order.class.getInterfaces()).map(Class::getName).collect(Collectors.joining(","));
    }
}
