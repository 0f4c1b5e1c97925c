package io.fahren.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.spi.SecretsProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSecretsProviderTest extends SecretsProviderContract {

    @TempDir
    Path dir;

    private SecretsProvider provider;

    @Override
    protected SecretsProvider provider() {
        if (provider == null) {
            provider = new FileSecretsProvider(dir.resolve("secrets.json"));
        }
        return provider;
    }

    @Test
    void theFileIsReadableByItsOwnerOnly() throws IOException {
        provider().write(path("acme"), secret("mode"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets.json"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aWriterKilledBetweenTempFileAndRenameLeavesTheOldContent() throws Exception {
        Path file = dir.resolve("secrets.json");
        provider().write(path("acme"), secret("committed"));
        Path marker = dir.resolve("marker");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(),
                file.toString(), marker.toString(), path("acme"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!Files.exists(marker)) {
                assertThat(child.isAlive()).as("child stopped early: %s", Files.exists(dir.resolve("child.log"))
                        ? Files.readString(dir.resolve("child.log")) : "").isTrue();
                assertThat(Instant.now()).isBefore(deadline);
                Thread.sleep(50);
            }
            try (var leftovers = Files.list(dir)) {
                assertThat(leftovers.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".tmp"));
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }

        SecretsProvider afterCrash = new FileSecretsProvider(file);
        assertThat(afterCrash.read(path("acme")).get("password")).contains("committed");
        afterCrash.write(path("globex"), secret("after-crash"));
        assertThat(afterCrash.read(path("acme")).get("password")).contains("committed");
        assertThat(afterCrash.read(path("globex")).get("password")).contains("after-crash");
    }

    @Test
    void aCorruptFileIsReportedWithoutQuotingItsContent() throws IOException {
        Path file = dir.resolve("secrets.json");
        Files.writeString(file, "{\"/tenants/acme/postgres/connection\": {\"password\": \"hunter2\"");
        SecretsProvider corrupt = new FileSecretsProvider(file);
        assertThatThrownBy(() -> corrupt.read(path("acme")))
                .isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("fahren.secrets.file.path")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void twoProvidersOnOneFileLoseNothing() {
        SecretsProvider other = new FileSecretsProvider(dir.resolve("secrets.json"));
        provider().write(path("acme"), secret("from-first"));
        other.write(path("globex"), secret("from-second"));
        assertThat(provider().read(path("globex")).get("password")).contains("from-second");
        assertThat(other.read(path("acme")).get("password")).contains("from-first");
        assertThat(List.of(provider().toString(), other.toString())).allMatch(s -> s.contains("secrets.json"));
    }
}
