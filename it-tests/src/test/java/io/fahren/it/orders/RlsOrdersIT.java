package io.fahren.it.orders;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The orders application with fahren.postgres.isolation=rls and fahren.redis.isolation=acl. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RlsOrdersIT extends OrdersOverHttp {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deployment("rls", "acl", 3);
    }

    @Override
    protected String prefix() {
        return "rls";
    }
}
