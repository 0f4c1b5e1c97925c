package io.fahren.it.http;

import io.fahren.it.Http;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A small HTTP client for the tests: method, path, optional header; answers "status body". */
final class HttpCalls {

    private final HttpClient http = Http.client();
    private final URL base;

    HttpCalls(URL base) {
        this.base = base;
    }

    String call(String method, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        return response.statusCode() + (type.startsWith("application/problem+json") ? " problem " : " ") + response.body();
    }
}
