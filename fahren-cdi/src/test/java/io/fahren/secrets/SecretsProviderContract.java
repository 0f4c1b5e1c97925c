package io.fahren.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every writable {@link SecretsProvider} must have. Each provider's test extends it
 * and supplies the provider, connected to a real backend or, where none can be had, a stand-in.
 */
abstract class SecretsProviderContract {

    /** A fresh run id, so tests against a shared real backend never collide. */
    protected final String run = UUID.randomUUID().toString().substring(0, 8);

    protected abstract SecretsProvider provider();

    protected String path(String tenant) {
        return "/tenants/" + tenant + "-" + run + "/postgres/connection";
    }

    /** @return an http address on a loopback port where nothing listens */
    protected static URI nowhere() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    protected static Secret secret(String password) {
        return Secret.of(Map.of("username", "tenant_acme", "password", password));
    }

    @Test
    void writeReadOverwriteReadDeleteRead() {
        SecretsProvider secrets = provider();
        String path = path("acme");

        secrets.write(path, secret("first-" + run));
        assertThat(secrets.read(path)).isEqualTo(secret("first-" + run));

        secrets.write(path, secret("second-" + run));
        assertThat(secrets.read(path).get("password")).contains("second-" + run);

        secrets.delete(path);
        assertThatThrownBy(() -> secrets.read(path)).isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void missingPathGivesSecretNotFoundNamingThePath() {
        String path = path("ghost");
        SecretNotFoundException e = (SecretNotFoundException) catchThrowable(() -> provider().read(path));
        assertThat(e).isNotNull();
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.getMessage()).contains(path.replaceAll("^/", ""));
    }

    @Test
    void deletingAMissingSecretDoesNothing() {
        provider().delete(path("never-written"));
        assertThatThrownBy(() -> provider().read(path("never-written"))).isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void tenantsDoNotSeeEachOthersSecrets() {
        provider().write(path("acme"), secret("acme-" + run));
        provider().write(path("globex"), secret("globex-" + run));
        assertThat(provider().read(path("acme")).get("password")).contains("acme-" + run);
        provider().delete(path("acme"));
        assertThat(provider().read(path("globex")).get("password")).contains("globex-" + run);
        provider().delete(path("globex"));
    }

    @Test
    void eightConcurrentWritersLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CyclicBarrier start = new CyclicBarrier(8);
        int perWriter = 12;
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < perWriter; i++) {
                        provider().write(path("w" + writer + "-" + i), secret("p-" + writer + "-" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int w = 0; w < 8; w++) {
            for (int i = 0; i < perWriter; i++) {
                assertThat(provider().read(path("w" + w + "-" + i)).get("password")).contains("p-" + w + "-" + i);
                provider().delete(path("w" + w + "-" + i));
            }
        }
    }

    @Test
    void secretValuesNeverReachLogsMessagesOrToString() {
        String value = "Very-Secret-" + UUID.randomUUID();
        Secret secret = secret(value);
        List<Throwable> failures = new ArrayList<>();
        try (CapturedLogs logs = new CapturedLogs()) {
            provider().write(path("leak"), secret);
            provider().read(path("leak"));
            provider().write(path("leak"), secret(value + "-2"));
            provider().delete(path("leak"));
            failures.add(catchThrowable(() -> provider().read(path("leak"))));
            failures.addAll(failuresWith(secret));

            assertThat(logs.all()).doesNotContain(value);
        }
        for (Throwable failure : failures) {
            assertThat(failure).as("each failing operation throws").isNotNull();
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).doesNotContain(value);
        }
        assertThat(provider().toString()).doesNotContain(value);
        assertThat(secret.toString()).doesNotContain(value);
    }

    /**
     * @param secret a secret whose value must not leak
     * @return failures of this provider involving the secret (a backend refusing it, say), for the
     *         leak check; empty when the provider has no failure mode to provoke cheaply
     */
    protected List<Throwable> failuresWith(Secret secret) {
        return List.of();
    }
}
