package io.fahren.it.propagation;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST root of the context propagation tests. */
@ApplicationPath("/api")
public class PropagationApplication extends Application {
}
