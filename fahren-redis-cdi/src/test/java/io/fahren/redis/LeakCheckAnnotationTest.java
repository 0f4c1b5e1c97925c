package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.fahren.testing.LeakCheck;
import io.fahren.testing.LeakReport;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithRedis;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * The annotation front end of the leak-test kit ({@link LeakCheck}), on Redis prefix isolation
 * with a pool of 1 connection. This class is itself a {@code @LeakCheck} test of clean code; the
 * nested classes (run through the JUnit launcher, since they must fail) check that a leaky read
 * fails the test with the report, and that a class missing its seed fails with a message saying so.
 */
@WithRedis
class LeakCheckAnnotationTest extends LeakCheckNotes {

    private static final String PASSWORD = "shared-tenants-password-for-leak-check-0123456789";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    static RedisKeyspace keyspace;
    static Redis redis;
    static UnifiedJedis current;

    @BeforeAll
    static void start(RedisKeyspace servers) {
        keyspace = servers;
        redis = Redis.withPrefixIsolation(RedisConnection.of(servers.uri(), servers.server().adminUser(),
                servers.server().adminPassword()), RedisOptions.builder().tenantsPassword(PASSWORD)
                .tenantsUser("lc-" + RUN).registryKey("fahren:lc:" + RUN).poolSize(1).build());
        current = redis.forTenants().currentTenantClient();
    }

    @AfterAll
    static void stop() {
        redis.close();
        try (Jedis admin = keyspace.connect()) {
            admin.aclDelUser("lc-" + RUN);
        }
    }

    @LeakCheck.Read("list notes")
    List<String> notes() {
        return current.lrange("notes", 0, -1);
    }

    @LeakCheck.Read
    String lastNote(String tenant) {
        return current.lindex("notes", -1);
    }

    @LeakCheck(tenants = 3, threads = 4, readsPerThread = 100)
    void codeThatUsesTheCurrentTenantClientHasNoLeaks(LeakReport report) {
        assertThat(report.reads()).isEqualTo(400);
        assertThat(report.leaks()).isEmpty();
        assertThat(redis.forManagement().list()).as("the kit deleted its tenants").isEmpty();
    }

    @Test
    void aLeakyReadFailsTheTestWithTheReport() {
        TestExecutionSummary summary = launch(LeakyReads.class);
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        Throwable failure = summary.getFailures().get(0).getException();
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("LEAK: tenant '")
                .hasMessageContaining("through 'all notes (bug)'");
        assertThat(redis.forManagement().list()).as("the failed run deleted its tenants too").isEmpty();
    }

    @Test
    void aClassWithoutASeedFailsSayingWhatToAdd() {
        TestExecutionSummary summary = launch(NoSeed.class);
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException())
                .isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessageContaining("has no @LeakCheck.Seed method: add void m(String tenant, String marker)");
    }

    private static TestExecutionSummary launch(Class<?> testClass) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    /** Reads every tenant's notes with the admin login: a bug the leak check must catch. */
    static class LeakyReads extends LeakCheckNotes {

        @LeakCheck.Read("all notes (bug)")
        List<List<String>> allNotes() {
            try (Jedis admin = keyspace.connect()) {
                return admin.keys("tenant:leak-*:notes").stream().map(k -> admin.lrange(k, 0, -1)).toList();
            }
        }

        @LeakCheck(readsPerThread = 20)
        void noLeaks() {
        }
    }

    /** Forgot its seed method. */
    static class NoSeed {

        @LeakCheck.Read
        String read() {
            return "";
        }

        @LeakCheck
        void noLeaks() {
        }
    }
}
