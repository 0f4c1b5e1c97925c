package io.fahren.flyway.cdi;

import io.fahren.flyway.impl.cdi.MigrationConfigKey;
import io.fahren.test.ConfigDocs;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MigrationConfigDocsTest {

    @Test
    void everyKeyIsDocumentedWithItsTypeAndDefault() throws IOException {
        ConfigDocs.assertDocumented(MigrationConfigKey.values());
    }
}
