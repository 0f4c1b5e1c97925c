package io.fahren.secrets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * <b>A test stand-in for AWS Secrets Manager, not AWS.</b> The build machines reach no AWS
 * endpoint and run no Docker engine for LocalStack, so when neither is available the AWS tests
 * point the real AWS SDK v2 client at this small HTTP server. It lives in test scope only and must
 * never be used outside tests.
 *
 * <p>It speaks the service's JSON 1.1 protocol ({@code X-Amz-Target: secretsmanager.<Operation>})
 * for exactly the operations Fahren uses: {@code CreateSecret}, {@code GetSecretValue},
 * {@code PutSecretValue} and {@code DeleteSecret}, with the service's error types
 * ({@code ResourceNotFoundException}, {@code ResourceExistsException}) so the SDK raises the same
 * exceptions. It checks that requests are signed with the expected access key id (answering
 * {@code UnrecognizedClientException} otherwise) but does not verify signatures. Like the service,
 * a {@code DeleteSecret} without {@code ForceDeleteWithoutRecovery} only schedules the deletion:
 * the name stays taken and the secret unreadable ({@code InvalidRequestException}) until then.
 */
final class SecretsManagerStandIn implements AutoCloseable {

    private static final String JSON_11 = "application/x-amz-json-1.1";

    private final HttpServer server;
    private final String accessKeyId;
    private final Map<String, String> secrets = new HashMap<>();
    private final java.util.Set<String> scheduledForDeletion = new java.util.HashSet<>();

    SecretsManagerStandIn(String accessKeyId) throws IOException {
        this.accessKeyId = accessKeyId;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized boolean contains(String name) {
        return secrets.containsKey(name);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.contains("Credential=" + accessKeyId + "/")) {
                error(exchange, "UnrecognizedClientException", "The security token included in the request is invalid.");
                return;
            }
            String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            JsonObject request = JsonHttp.body(exchange);
            switch (target) {
                case "secretsmanager.CreateSecret" -> create(exchange, request);
                case "secretsmanager.GetSecretValue" -> get(exchange, request);
                case "secretsmanager.PutSecretValue" -> put(exchange, request);
                case "secretsmanager.DeleteSecret" -> delete(exchange, request);
                default -> error(exchange, "InvalidAction", "Unsupported operation " + target);
            }
        }
    }

    private synchronized void create(HttpExchange exchange, JsonObject request) throws IOException {
        String name = request.getString("Name");
        if (scheduledForDeletion.contains(name)) {
            error(exchange, "InvalidRequestException", "You can't create this secret because a secret with this name "
                    + "is already scheduled for deletion.");
            return;
        }
        if (secrets.containsKey(name)) {
            error(exchange, "ResourceExistsException", "The operation failed because the secret " + name
                    + " already exists.");
            return;
        }
        secrets.put(name, request.getString("SecretString"));
        ok(exchange, Json.createObjectBuilder().add("ARN", arn(name)).add("Name", name)
                .add("VersionId", UUID.randomUUID().toString()).build());
    }

    private synchronized void get(HttpExchange exchange, JsonObject request) throws IOException {
        String name = request.getString("SecretId");
        if (scheduledForDeletion.contains(name)) {
            markedForDeletion(exchange);
            return;
        }
        String value = secrets.get(name);
        if (value == null) {
            notFound(exchange);
            return;
        }
        ok(exchange, Json.createObjectBuilder().add("ARN", arn(name)).add("Name", name).add("SecretString", value)
                .add("VersionId", UUID.randomUUID().toString())
                .add("VersionStages", Json.createArrayBuilder().add("AWSCURRENT"))
                .add("CreatedDate", Instant.now().getEpochSecond()).build());
    }

    private synchronized void put(HttpExchange exchange, JsonObject request) throws IOException {
        String name = request.getString("SecretId");
        if (scheduledForDeletion.contains(name)) {
            markedForDeletion(exchange);
            return;
        }
        if (!secrets.containsKey(name)) {
            notFound(exchange);
            return;
        }
        secrets.put(name, request.getString("SecretString"));
        ok(exchange, Json.createObjectBuilder().add("ARN", arn(name)).add("Name", name)
                .add("VersionId", UUID.randomUUID().toString())
                .add("VersionStages", Json.createArrayBuilder().add("AWSCURRENT")).build());
    }

    private synchronized void delete(HttpExchange exchange, JsonObject request) throws IOException {
        String name = request.getString("SecretId");
        if (secrets.remove(name) == null) {
            notFound(exchange);
            return;
        }
        if (!request.getBoolean("ForceDeleteWithoutRecovery", false)) {
            scheduledForDeletion.add(name);
        }
        ok(exchange, Json.createObjectBuilder().add("ARN", arn(name)).add("Name", name)
                .add("DeletionDate", Instant.now().getEpochSecond()).build());
    }

    private static String arn(String name) {
        return "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name;
    }

    private static void ok(HttpExchange exchange, JsonObject body) throws IOException {
        JsonHttp.send(exchange, 200, JSON_11, body);
    }

    private static void markedForDeletion(HttpExchange exchange) throws IOException {
        error(exchange, "InvalidRequestException", "You can't perform this operation on the secret because it was "
                + "marked for deletion.");
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        JsonHttp.send(exchange, 400, JSON_11,
                Json.createObjectBuilder().add("__type", type).add("message", message).build());
    }
}
