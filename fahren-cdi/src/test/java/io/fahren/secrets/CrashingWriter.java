package io.fahren.secrets;

import io.fahren.spi.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a child JVM by {@link FileSecretsProviderTest}: writes a secret, but stops between the
 * temporary file and the rename, announces it with a marker file, and waits to be killed.
 */
public final class CrashingWriter {

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path marker = Path.of(args[1]);
        FileSecretsProvider provider = new FileSecretsProvider(file, () -> {
            try {
                Files.writeString(marker, "between temp file and rename");
                Thread.sleep(Long.MAX_VALUE);
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        });
        provider.write(args[2], Secret.of(Map.of("password", "never-committed")));
    }
}
