package io.fahren.it;

import java.net.http.HttpClient;

/** The HTTP client of the integration tests. */
public final class Http {

    private Http() {
    }

    /**
     * HTTP/1.1 only. Java's client otherwise asks a plain-HTTP server to upgrade to HTTP/2 (h2c):
     * WildFly then takes the host from {@code :authority} rather than a Host header a test sets, and
     * under concurrent requests its HTTP/2 streams were seen reset ({@code RST_STREAM}), failing a
     * request that the application had answered.
     *
     * @return a new client
     */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
}
