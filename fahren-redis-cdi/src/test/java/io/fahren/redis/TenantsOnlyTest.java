package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.UnknownTenantException;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantRegistry;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithRedis;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * A Redis tenants side that holds no management login: clients log in with tenant credentials
 * (the shared tenants user, or each tenant's ACL user from the secrets store), and tenants are
 * looked up as the registry reader, which can read one tenant's state and nothing else.
 */
@WithRedis
class TenantsOnlyTest {

    private static final String READER_PASSWORD = "registry-reader-password-0123456789abcdef";

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private RedisKeyspace keyspace;
    private TenantSecrets secrets;

    @BeforeEach
    void start(RedisKeyspace keyspace) {
        this.keyspace = keyspace;
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
    }

    @AfterEach
    void dropUsers() {
        try (Jedis admin = keyspace.connect()) {
            admin.aclList().stream().map(rule -> rule.split(" ")[1]).filter(user -> user.contains(run))
                    .forEach(admin::aclDelUser);
        }
    }

    private RedisOptions options() {
        return RedisOptions.builder().aclUserPrefix("to-" + run + "-").tenantsUser("to-tenants-" + run)
                .tenantsPassword("shared-tenants-password-0123456789abcdef").registryKey("fahren:to:" + run)
                .registryReader("to-reader-" + run, READER_PASSWORD).build();
    }

    private RedisConnection admin() {
        return RedisConnection.of(keyspace.uri(), keyspace.server().adminUser(), keyspace.server().adminPassword());
    }

    @Test
    void aclIsolationServesFromTenantCredentialsAlone() {
        try (Redis management = Redis.withAclIsolation(admin(), secrets, options())) {
            management.forManagement().createTenant("a-" + run);
            management.forManagement().createTenant("b-" + run);
        }
        try (RedisTenants tenants = Redis.tenantsOnlyWithAcl(RedisConnection.of(keyspace.uri()), secrets, options(), null)) {
            servesAndSeparates(tenants);
        }
    }

    @Test
    void prefixIsolationServesFromTheSharedTenantsUserAlone() {
        try (Redis management = Redis.withPrefixIsolation(admin(), options())) {
            management.forManagement().createTenant("a-" + run);
            management.forManagement().createTenant("b-" + run);
        }
        try (RedisTenants tenants = Redis.tenantsOnlyWithPrefix(RedisConnection.of(keyspace.uri()), options(), null)) {
            servesAndSeparates(tenants);
        }
    }

    @Test
    void theRegistryReaderReadsOneTenantAtATimeAndNothingElse() {
        try (Redis management = Redis.withPrefixIsolation(admin(), options())) {
            management.forManagement().createTenant("a-" + run);
        }
        TenantRegistry lookup = Redis.registryLookup(RedisConnection.of(keyspace.uri()), options());
        assertThat(lookup.find(TenantId.of("a-" + run))).get().extracting(t -> t.state()).isEqualTo(TenantState.ACTIVE);
        assertThat(lookup.find(TenantId.of("nobody-" + run))).isEmpty();
        assertThatThrownBy(lookup::list).isInstanceOf(FahrenConfigurationException.class)
                .hasMessageContaining("serves tenants only");
        assertThatThrownBy(() -> lookup.lock(TenantId.of("a-" + run))).isInstanceOf(FahrenConfigurationException.class);
        try (Jedis reader = new Jedis(keyspace.server().host(), keyspace.server().port(), DefaultJedisClientConfig.builder()
                .user("to-reader-" + run).password(READER_PASSWORD).database(keyspace.database()).build())) {
            String key = "fahren:to:" + run;
            assertThatThrownBy(() -> reader.hgetAll(key)).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> reader.hkeys(key)).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> reader.hset(key, "x", "ACTIVE")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> reader.get("tenant:a-" + run + ":k")).hasMessageContaining("NOPERM");
        }
        closeQuietly(lookup);
    }

    @Test
    void withoutARegistryReaderPasswordTheTenantsSideRefusesToStart() {
        RedisOptions noReader = RedisOptions.builder().tenantsPassword("shared-tenants-password-0123456789abcdef").build();
        assertThatThrownBy(() -> Redis.tenantsOnlyWithPrefix(RedisConnection.of(keyspace.uri()), noReader, null))
                .isInstanceOf(FahrenConfigurationException.class).hasMessageContaining("registry-reader.password");
    }

    private void servesAndSeparates(RedisTenants tenants) {
        try (UnifiedJedis a = tenants.clientFor("a-" + run); UnifiedJedis b = tenants.clientFor("b-" + run)) {
            a.set("secret", "of a");
            assertThat(a.get("secret")).isEqualTo("of a");
            assertThat(b.get("secret")).isNull();
        }
        assertThatThrownBy(() -> tenants.clientFor("nobody-" + run).get("x")).isInstanceOf(UnknownTenantException.class);
    }

    private static void closeQuietly(Object closeable) {
        try {
            ((AutoCloseable) closeable).close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
