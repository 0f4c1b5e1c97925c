package io.fahren.samples.orders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** A visit counter per tenant, in Redis: the key is visits, stored as tenant:&lt;id&gt;:visits. */
@Path("visits")
@ApplicationScoped
public class VisitResource {

    @Inject
    UnifiedJedis redis;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Long> visit() {
        return Map.of("visits", redis.incr("visits"));
    }
}
