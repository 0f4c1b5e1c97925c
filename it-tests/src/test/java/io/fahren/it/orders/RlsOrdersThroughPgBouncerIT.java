package io.fahren.it.orders;

import io.fahren.testing.PgBouncerMode;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The orders application with row-level security behind a real PgBouncer in transaction pooling
 * (fahren.postgres.binding-mode=transaction), management included: every request of the sample,
 * and the leak-test kit, over HTTP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RlsOrdersThroughPgBouncerIT extends OrdersOverHttp {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return deployment("rls", "prefix", 6, PgBouncerMode.TRANSACTION);
    }

    @Override
    protected String prefix() {
        return "rlspgb";
    }
}
