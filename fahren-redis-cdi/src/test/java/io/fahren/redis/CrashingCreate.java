package io.fahren.redis;

import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.SecretsProvider;
import io.fahren.test.Halt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The child process of {@link CreateCrashTest}: one {@code createTenant} of one Redis strategy,
 * wired as {@link Redis#forManagement()} wires it, but with every registry write and lock and every
 * secret write a {@link Halt} step, so the JVM can be halted in front of any of them. Connection
 * details come from the environment ({@link Halt#URL} and the others).
 */
public final class CrashingCreate {

    /** The lock lease of the test: a crashed child's lock must expire quickly. */
    static final Duration LEASE = Duration.ofSeconds(1);
    private static final String TENANTS_PASSWORD = "shared-tenants-password-for-crash-tests-0123456789";

    private CrashingCreate() {
    }

    /** @param args the strategy ({@code prefix} or {@code acl}) and the tenant id */
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        RedisConnection admin = RedisConnection.of(env.get(Halt.URL), env.get(Halt.USER), env.get(Halt.PASSWORD));
        Redis redis = open(args[0], admin, env.get(Halt.RUN), Path.of(env.get(Halt.SECRETS)), Halt::secrets);
        new RedisManagement(Halt.registry(redis.registry()), redis.resource(), tenant -> {
        }, redis::setup).createTenant(args[1]);
        redis.close();
        Halt.completed();
    }

    /**
     * The strategies under test, with the same options in the child and in the test.
     *
     * @param kind {@code prefix} or {@code acl}
     * @param run the per-run suffix of server-wide names
     * @param secretsFile the secrets store shared by child and test
     * @param backend wraps the secrets backend (the child makes it halt)
     */
    static Redis open(String kind, RedisConnection admin, String run, Path secretsFile,
            UnaryOperator<SecretsProvider> backend) {
        RedisOptions.Builder options = RedisOptions.builder().aclUserPrefix("cr-" + run + "-")
                .tenantsUser("cr-tenants-" + run).registryKey(registryKey(run)).registryLockLease(LEASE);
        return switch (kind) {
            case "prefix" -> Redis.withPrefixIsolation(admin, options.tenantsPassword(TENANTS_PASSWORD).build());
            case "acl" -> Redis.withAclIsolation(admin, new TenantSecrets(
                    backend.apply(new FileSecretsProvider(secretsFile)), TenantSecrets.DEFAULT_PATTERN), options.build());
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static String registryKey(String run) {
        return "fahren:crash:" + run;
    }
}
