package io.fahren.postgres.cdi;

import io.fahren.test.ConfigDocs;
import io.fahren.postgres.impl.config.PostgresConfigKey;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PostgresConfigDocsTest {

    @Test
    void everyKeyIsDocumentedWithItsTypeAndDefault() throws IOException {
        ConfigDocs.assertDocumented(PostgresConfigKey.values());
    }
}
