package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.InvalidTenantIdException;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.TenantIdFuzz;
import io.fahren.testing.WithRedis;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * Fuzzes the paths that turn tenant ids into ACL rules and key prefixes, for both Redis
 * strategies: each generated id is rejected with {@link InvalidTenantIdException} exactly when the
 * documented rule rejects it, or gets its ACL user (ACL isolation) and its keys under
 * {@code tenant:<id>:}, all removed again by {@code deleteTenant}. {@code ACL LIST} and the
 * keyspace are the same before and after. See {@link TenantIdFuzz} for sizes and seeds.
 */
@WithRedis
class TenantIdFuzzTest {

    private static final String PASSWORD = "shared-tenants-password-for-fuzzing-0123456789";

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    private RedisOptions.Builder options() {
        return RedisOptions.builder().aclUserPrefix("fz-" + run + "-").tenantsUser("fz-tenants-" + run)
                .registryKey("fahren:fuzz:" + run);
    }

    private static RedisConnection admin(RedisKeyspace keyspace) {
        return RedisConnection.of(keyspace.uri(), keyspace.server().adminUser(), keyspace.server().adminPassword());
    }

    @Test
    void prefix(RedisKeyspace keyspace) {
        try (Redis redis = Redis.withPrefixIsolation(admin(keyspace), options().tenantsPassword(PASSWORD).build())) {
            fuzz(keyspace, "prefix", redis, false);
        } finally {
            try (Jedis admin = keyspace.connect()) {
                admin.aclDelUser("fz-tenants-" + run);
            }
        }
    }

    @Test
    void aclUserPerTenant(RedisKeyspace keyspace) {
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("fuzz-secrets.json")),
                TenantSecrets.DEFAULT_PATTERN);
        try (Redis redis = Redis.withAclIsolation(admin(keyspace), secrets, options().build())) {
            fuzz(keyspace, "acl", redis, true);
        }
    }

    private void fuzz(RedisKeyspace keyspace, String strategy, Redis redis, boolean aclUsers) {
        long seed = TenantIdFuzz.seed();
        List<String> ids = TenantIdFuzz.ids(seed, TenantIdFuzz.size(300));
        RedisManagement management = redis.forManagement();
        management.createTenant("fz-warm-up"); // sets up the shared user and the registry once
        management.deleteTenant("fz-warm-up");
        Set<String> before = RedisSnapshot.of(keyspace, "fahren:fuzz:" + run);
        int valid = 0;
        for (String id : ids) {
            String context = strategy + ", seed " + seed + ", id " + id.codePoints()
                    .mapToObj(cp -> cp >= 0x20 && cp < 0x7f ? Character.toString(cp) : String.format("\\u%04x", cp))
                    .reduce("", String::concat);
            if (!TenantIdFuzz.validByDefault(id)) {
                assertThatThrownBy(() -> management.createTenant(id)).as(context)
                        .isInstanceOf(InvalidTenantIdException.class);
                assertThatThrownBy(() -> management.deleteTenant(id)).as(context)
                        .isInstanceOf(InvalidTenantIdException.class);
                assertThatThrownBy(() -> redis.forTenants().clientFor(id)).as(context)
                        .isInstanceOf(InvalidTenantIdException.class);
                continue;
            }
            valid++;
            management.createTenant(id);
            try (UnifiedJedis client = redis.forTenants().clientFor(id)) {
                client.set("k", "v");
            }
            Set<String> added = new TreeSet<>(RedisSnapshot.of(keyspace, "fahren:fuzz:" + run));
            added.removeAll(before);
            Set<String> expected = new TreeSet<>(List.of("key tenant:" + id + ":k", "registry " + id));
            if (aclUsers) {
                expected.add("user fz-" + run + "-" + id);
            }
            assertThat(added).as(context + ": exactly the expected objects").isEqualTo(expected);
            management.deleteTenant(id);
        }
        Set<String> after = RedisSnapshot.of(keyspace, "fahren:fuzz:" + run);
        Set<String> orphans = new TreeSet<>(after);
        orphans.removeAll(before);
        Set<String> lost = new TreeSet<>(before);
        lost.removeAll(after);
        System.out.printf("tenant-id fuzz, Redis %s: %d ids (%d valid, %d rejected), seed %d; orphans: %d, lost: %d%n",
                strategy, ids.size(), valid, ids.size() - valid, seed, orphans.size(), lost.size());
        assertThat(orphans).as(strategy + ", seed " + seed + ": left behind").isEmpty();
        assertThat(lost).as(strategy + ", seed " + seed + ": removed though not created here").isEmpty();
        assertThat(valid).isPositive();
        assertThat(ids.size() - valid).isPositive();
    }
}
