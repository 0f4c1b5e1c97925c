package io.fahren.it.orders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import redis.clients.jedis.UnifiedJedis;

/** A Redis counter per tenant. */
@Path("visits")
@ApplicationScoped
public class VisitResource {

    @Inject
    UnifiedJedis redis;

    @POST
    public String visit() {
        return String.valueOf(redis.incr("visits"));
    }
}
