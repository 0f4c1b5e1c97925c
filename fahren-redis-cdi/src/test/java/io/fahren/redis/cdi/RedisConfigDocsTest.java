package io.fahren.redis.cdi;

import io.fahren.test.ConfigDocs;
import io.fahren.redis.impl.config.RedisConfigKey;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RedisConfigDocsTest {

    @Test
    void everyKeyIsDocumentedWithItsTypeAndDefault() throws IOException {
        ConfigDocs.assertDocumented(RedisConfigKey.values());
    }
}
