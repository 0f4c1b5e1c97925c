package io.fahren.it.orders;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** REST root. */
@ApplicationPath("/api")
public class OrdersApplication extends Application {
}
