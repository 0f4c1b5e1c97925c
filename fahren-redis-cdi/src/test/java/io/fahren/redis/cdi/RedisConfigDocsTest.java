package io.fahren.redis.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.redis.impl.RedisConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RedisConfigDocsTest {

    @Test
    void everyKeyIsDocumentedWithItsTypeAndDefault() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (RedisConfigKey key : RedisConfigKey.values()) {
            String defaultValue = key.defaultValue() == null ? "none" : "`" + key.defaultValue() + "`";
            assertThat(docs).as("docs/configuration.md documents %s", key.key())
                    .contains("| `" + key.key() + "` | " + key.type() + " | " + defaultValue + " |");
        }
    }
}
