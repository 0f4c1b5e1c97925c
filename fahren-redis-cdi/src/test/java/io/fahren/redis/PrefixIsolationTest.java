package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithRedis;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/** Prefix isolation against a real Redis. */
@WithRedis
class PrefixIsolationTest extends RedisIsolationContract {

    private static final String PASSWORD = "shared-tenants-password-for-tests-0123456789";

    @Override
    protected Redis open(RedisKeyspace keyspace, RedisOptions.Builder options) {
        return Redis.withPrefixIsolation(admin(), options.tenantsPassword(PASSWORD).build());
    }

    @Test
    void theSharedUserIsLimitedToTheTenantKeySpace() {
        try (Jedis admin = keyspace.connect()) {
            String rules = admin.aclList().stream().filter(r -> r.startsWith("user fahren-tenants-" + run + " "))
                    .findFirst().orElseThrow();
            assertThat(rules).contains("~tenant:*").contains("&tenant:*").contains("-@dangerous")
                    .contains("-scan").contains("-randomkey").contains("-@scripting");
        }
    }

    @Test
    void setupWithoutAutoSetupCreatesTheSharedUserOnDemand() {
        String user = "fahren-tenants-m" + run;
        try (Redis manual = Redis.withPrefixIsolation(admin(), options().tenantsUser(user).autoSetup(false)
                .registryKey("fahren:tenants:m" + run).tenantsPassword(PASSWORD).build());
                Jedis admin = keyspace.connect()) {
            manual.forManagement().createTenant("rm-" + run);
            assertThat(admin.aclUsers()).doesNotContain(user);
            manual.forManagement().setup();
            assertThat(admin.aclUsers()).contains(user);
            try (UnifiedJedis client = manual.forTenants().clientFor("rm-" + run)) {
                assertThat(client.set("k", "v")).isEqualTo("OK");
            }
            manual.forManagement().deleteTenant("rm-" + run);
            admin.aclDelUser(user);
        }
    }

    /**
     * {@code RESET} logs a connection out and selects database 0. Redis 6.2 refuses it to the
     * shared user; Redis 7 runs it for every user, so the pool must not lend that connection to
     * the next tenant: with one pooled connection, the next tenant still writes under its own
     * prefix, in the configured database.
     */
    @Test
    void aConnectionATenantResetIsNeverLentToTheNextTenant() {
        try (Redis one = Redis.withPrefixIsolation(admin(), options().poolSize(1).tenantsPassword(PASSWORD).build())) {
            RedisTenants oneTenants = one.forTenants();
            try (UnifiedJedis asA = oneTenants.clientFor(a())) {
                try {
                    asA.sendCommand(Protocol.Command.RESET);
                } catch (RuntimeException refusedOn62) {
                    assertThat(refusedOn62).hasMessageContaining("NOPERM");
                }
            }
            try (UnifiedJedis asB = oneTenants.clientFor(b())) {
                assertThat(asB.set("after-reset", "b")).isEqualTo("OK");
                assertThat(asB.get("after-reset")).isEqualTo("b");
            }
            try (Jedis admin = keyspace.connect()) {
                assertThat(admin.get("tenant:" + b() + ":after-reset")).as("in the configured database").isEqualTo("b");
            }
        }
    }

    @Test
    void dangerousCommandsAndScriptsAreRefused() {
        UnifiedJedis asA = client(a());
        assertNoPerm(asA::flushAll);
        assertNoPerm(asA::flushDB);
        // a script could touch keys it does not declare, outside the tenant's prefix: blocked
        assertNoPerm(() -> asA.eval("return redis.call('get', KEYS[1])", List.of("k"), List.of()));
        assertNoPerm(() -> asA.sendCommand(Protocol.Command.SORT, "list", "BY", "nosort",
                "GET", "tenant:*"));
    }

    @Test
    void aMissingOrWeakSharedPasswordIsAConfigurationError() {
        assertThatThrownBy(() -> Redis.withPrefixIsolation(admin(), options().build()))
                .isInstanceOf(FahrenConfigurationException.class).hasMessageContaining("fahren.redis.prefix.password");
        assertThatThrownBy(() -> Redis.withPrefixIsolation(admin(), "short"))
                .isInstanceOf(FahrenConfigurationException.class).hasMessageContaining("at least 32 characters")
                .hasMessageNotContaining("short");
    }
}
