package io.fahren.redis.twoservices;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.redis.Redis;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.test.Halt;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithRedis;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The two-service deployment on Redis: the management service (this JVM) creates tenants, their
 * ACL users and the registry reader; the tenant-serving service ({@link RedisTenantsService}, a
 * JVM of its own) holds the secrets store and the registry reader's password, no management login.
 */
@WithRedis
class RedisTwoServicesTest {

    @TempDir
    Path dir;

    @Test
    void theTenantServingServiceRunsOnTenantCredentialsAlone(RedisKeyspace keyspace) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String readerPassword = "two-services-reader-password-0123456789";
        Path secretsFile = dir.resolve("secrets.json");
        RedisOptions options = RedisOptions.builder().aclUserPrefix("ts-" + run + "-").registryKey("fahren:ts:" + run)
                .registryReader("ts-reader-" + run, readerPassword).build();
        String a = "a-" + run;
        String b = "b-" + run;
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(secretsFile), TenantSecrets.DEFAULT_PATTERN);
        try (Redis management = Redis.withAclIsolation(RedisConnection.of(keyspace.uri(), keyspace.server().adminUser(),
                keyspace.server().adminPassword()), secrets, options)) {
            management.forManagement().createTenant(a);
            management.forManagement().createTenant(b);
        }
        try {
            Map<String, String> env = Map.of(
                    "FAHREN_REDIS_ISOLATION", "acl",
                    "FAHREN_REDIS_URL", keyspace.uri(),
                    "FAHREN_REDIS_TENANTS_ONLY", "true",
                    "FAHREN_REDIS_ACL_USER_PREFIX", "ts-" + run + "-",
                    "FAHREN_REDIS_REGISTRY_KEY", "fahren:ts:" + run,
                    "FAHREN_REDIS_REGISTRY_READER_USER", "ts-reader-" + run,
                    "FAHREN_REDIS_REGISTRY_READER_PASSWORD", readerPassword,
                    "FAHREN_SECRETS_PROVIDER", "file",
                    "FAHREN_SECRETS_FILE_PATH", secretsFile.toString());
            Halt.Outcome service = Halt.child(RedisTenantsService.class, Integer.MAX_VALUE, env, a, b);

            assertThat(service.output()).contains("SEEN " + a + " of " + a + " / null")
                    .contains("SEEN " + b + " of " + b + " / null")
                    .containsPattern("CREATE REFUSED FahrenConfigurationException: .*serves tenants only")
                    .containsPattern("LIST REFUSED FahrenConfigurationException: .*serves tenants only");
            assertThat(service.exitCode()).as(service.output()).isZero();
        } finally {
            try (Jedis admin = keyspace.connect()) {
                admin.aclList().stream().map(rule -> rule.split(" ")[1]).filter(user -> user.contains(run))
                        .forEach(admin::aclDelUser);
            }
        }
    }
}
