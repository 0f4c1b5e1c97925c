package io.fahren.samples.orders;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST root: every tenant endpoint takes its tenant from the X-Tenant-ID header. */
@ApplicationPath("/api")
public class OrdersApplication extends Application {
}
