package io.fahren.redis.twoservices;

import io.fahren.redis.Redis;
import io.fahren.TenantId;
import io.fahren.testing.FahrenExtensions;
import io.fahren.TenantManagement;
import io.fahren.redis.RedisTenants;
import java.util.concurrent.Callable;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import redis.clients.jedis.UnifiedJedis;

/**
 * The tenant-serving service of {@link RedisTwoServicesTest}, in a JVM of its own, configured only
 * through environment variables without any Redis management login. Each argument is a tenant
 * that writes its own value and reads its own and the first tenant's key; then it tries the
 * management API. One line per finding.
 */
public final class RedisTenantsService {

    private RedisTenantsService() {
    }

    public static void main(String[] tenants) {
        try (WeldContainer container = new Weld().disableDiscovery()
                .addExtensions(FahrenExtensions.of(TenantId.class, Redis.class)).initialize()) {
            RedisTenants redis = container.select(RedisTenants.class).get();
            for (String tenant : tenants) {
                try (UnifiedJedis client = redis.clientFor(tenant)) {
                    client.set("note", "of " + tenant);
                    System.out.println("SEEN " + tenant + " " + client.get("note") + " / "
                            + client.get("tenant:" + tenants[0] + ":note"));
                }
            }
            TenantManagement management = container.select(TenantManagement.class).get();
            report("CREATE", () -> management.createTenant("intruder"));
            report("LIST", management::list);
        }
    }

    private static void report(String what, Callable<?> call) {
        try {
            System.out.println(what + " DONE " + call.call());
        } catch (Exception e) {
            System.out.println(what + " REFUSED " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
