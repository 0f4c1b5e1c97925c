package io.fahren.it.orders;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The orders application with fahren.postgres.isolation=schema and fahren.redis.isolation=prefix. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SchemaOrdersIT extends OrdersOverHttp {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deployment("schema", "prefix", 4);
    }

    @Override
    protected String prefix() {
        return "schema";
    }
}
