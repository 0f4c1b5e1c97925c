package io.fahren.redis.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import redis.clients.jedis.UnifiedJedis;

/** Application code: one injected client, used as whichever tenant is current. */
@ApplicationScoped
public class VisitCounter {

    @Inject
    UnifiedJedis redis;

    public long visit() {
        return redis.incr("visits");
    }
}
