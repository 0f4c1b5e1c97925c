package io.fahren.it.smoke;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The test application's REST root. */
@ApplicationPath("/api")
public class SmokeApplication extends Application {
}
