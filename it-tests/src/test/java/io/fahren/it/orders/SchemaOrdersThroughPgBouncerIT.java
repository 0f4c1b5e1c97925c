package io.fahren.it.orders;

import io.fahren.testing.PgBouncerMode;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The orders application with a schema per tenant behind a real PgBouncer in session pooling:
 * every request of the sample, and the leak-test kit, over HTTP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SchemaOrdersThroughPgBouncerIT extends OrdersOverHttp {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deployment("schema", "acl", 7, PgBouncerMode.SESSION);
    }

    @Override
    protected String prefix() {
        return "schpgb";
    }
}
