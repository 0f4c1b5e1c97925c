package io.fahren.postgres.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.postgres.impl.PostgresConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PostgresConfigDocsTest {

    @Test
    void everyKeyIsDocumentedWithItsTypeAndDefault() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (PostgresConfigKey key : PostgresConfigKey.values()) {
            String defaultValue = key.defaultValue() == null ? "none" : "`" + key.defaultValue() + "`";
            assertThat(docs).as("docs/configuration.md documents %s", key.key())
                    .contains("| `" + key.key() + "` | " + key.type() + " | " + defaultValue + " |");
        }
    }
}
