package io.fahren.it.http;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST root of the HTTP tenant filter tests. */
@ApplicationPath("/api")
public class HttpApplication extends Application {
}
