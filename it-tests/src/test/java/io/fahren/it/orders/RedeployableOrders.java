package io.fahren.it.orders;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The orders sample's WAR for the redeploy test, under a name of its own. */
public final class RedeployableOrders {

    private RedeployableOrders() {
    }

    /**
     * @param name the WAR's name, without {@code .war}: its context root
     * @return the orders sample with a database per tenant and Redis ACL users
     */
    public static WebArchive war(String name) {
        WebArchive war = OrdersOverHttp.deployment("database", "acl", 8);
        return ShrinkWrap.create(WebArchive.class, name + ".war").merge(war);
    }
}
