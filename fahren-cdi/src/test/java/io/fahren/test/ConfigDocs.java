package io.fahren.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.internal.DocumentedKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keeps {@code docs/configuration.md} in step with the key enums of every module. */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    /**
     * Fails unless each key has a table row with its type and default, exactly as declared.
     *
     * @param keys a module's keys
     */
    public static void assertDocumented(DocumentedKey... keys) throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (DocumentedKey key : keys) {
            String defaultValue = key.defaultValue() == null ? "none" : "`" + key.defaultValue() + "`";
            assertThat(docs).as("docs/configuration.md documents %s with its type and default", key.key())
                    .contains("| `" + key.key() + "` | " + key.type() + " | " + defaultValue + " |");
        }
    }
}
