package io.fahren.secrets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <b>A test stand-in for HashiCorp Vault, not Vault.</b> No Vault server can be installed on the
 * machines that build Fahren, and no Docker engine runs there, so when neither {@code VAULT_ADDR}
 * nor Testcontainers is available the Vault tests talk to this small HTTP server instead. It lives
 * in test scope only and must never be used outside tests.
 *
 * <p>It implements just what Fahren's Vault provider sends through the real
 * {@code vault-java-driver}, the way Vault answers it:
 * <ul>
 *   <li>the KV version 2 endpoints {@code GET/POST/PUT/DELETE /v1/<mount>/data/<path>} and
 *       {@code GET/DELETE /v1/<mount>/metadata/<path>}, with versions (a write adds a version, a
 *       data delete soft-deletes the latest, a metadata delete removes every version);</li>
 *   <li>404 with {@code {"errors":[]}} for a missing secret, 403 {@code permission denied} for a
 *       missing or unknown {@code X-Vault-Token};</li>
 *   <li>{@code POST /v1/auth/approle/login}, issuing a token for the one configured role;</li>
 *   <li>{@code X-Vault-Namespace}, which partitions the store.</li>
 * </ul>
 * It does not implement policies, leases, renewal, TLS or any other engine.
 */
final class VaultStandIn implements AutoCloseable {

    /** One stored secret: every version, with deletion marks. */
    private static final class Versions {
        final List<Map<String, String>> data = new ArrayList<>();
        final List<Boolean> deleted = new ArrayList<>();
    }

    private final HttpServer server;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Versions> store = new HashMap<>();
    private final String mount;
    private volatile String roleId;
    private volatile String secretId;

    VaultStandIn(String rootToken, String mount) throws IOException {
        this.mount = mount;
        tokens.add(rootToken);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void enableAppRole(String role, String secret) {
        this.roleId = role;
        this.secretId = secret;
    }

    /** Forgets every token, as when they expire; AppRole logins issue new ones. */
    void expireTokensExcept(String keep) {
        tokens.retainAll(Set.of(keep));
    }

    /** @return how many versions are kept for the path (0 after a metadata delete), for assertions */
    synchronized int versionCount(String namespace, String path) {
        Versions versions = store.get(key(namespace, path.replaceAll("^/+", "")));
        return versions == null ? 0 : versions.data.size();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring("/v1/".length());
            if (path.equals("auth/approle/login")) {
                login(exchange);
                return;
            }
            String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
            if (token == null || !tokens.contains(token)) {
                error(exchange, 403, "permission denied");
                return;
            }
            String namespace = exchange.getRequestHeaders().getFirst("X-Vault-Namespace");
            String dataPrefix = mount + "/data/";
            String metadataPrefix = mount + "/metadata/";
            if (path.startsWith(dataPrefix)) {
                data(exchange, key(namespace, path.substring(dataPrefix.length())));
            } else if (path.startsWith(metadataPrefix)) {
                metadata(exchange, key(namespace, path.substring(metadataPrefix.length())));
            } else {
                error(exchange, 404, "no handler for route \"" + path + "\"");
            }
        }
    }

    private static String key(String namespace, String path) {
        return (namespace == null ? "" : namespace) + "|" + path;
    }

    private void login(HttpExchange exchange) throws IOException {
        JsonObject body = JsonHttp.body(exchange);
        if (roleId == null || !roleId.equals(body.getString("role_id", null))
                || !secretId.equals(body.getString("secret_id", null))) {
            error(exchange, 400, "invalid role or secret ID");
            return;
        }
        String token = "hvs." + UUID.randomUUID();
        tokens.add(token);
        JsonHttp.send(exchange, 200, "application/json", Json.createObjectBuilder()
                .add("request_id", UUID.randomUUID().toString()).add("lease_id", "").add("renewable", false)
                .add("lease_duration", 0)
                .add("auth", Json.createObjectBuilder().add("client_token", token)
                        .add("accessor", UUID.randomUUID().toString())
                        .add("policies", Json.createArrayBuilder().add("default"))
                        .add("token_policies", Json.createArrayBuilder().add("default"))
                        .add("metadata", Json.createObjectBuilder().add("role_name", roleId))
                        .add("lease_duration", 3600).add("renewable", true)
                        .add("entity_id", UUID.randomUUID().toString()).add("token_type", "service")
                        .add("orphan", true).add("num_uses", 0))
                .build());
    }

    private synchronized void data(HttpExchange exchange, String key) throws IOException {
        Versions versions = store.get(key);
        switch (exchange.getRequestMethod()) {
            case "GET" -> {
                String query = exchange.getRequestURI().getQuery();
                int wanted = query != null && query.startsWith("version=")
                        ? Integer.parseInt(query.substring("version=".length())) : 0;
                int version = wanted > 0 ? wanted : versions == null ? 0 : versions.data.size();
                if (versions == null || version < 1 || version > versions.data.size() || versions.deleted.get(version - 1)) {
                    notFound(exchange);
                    return;
                }
                JsonObjectBuilder data = Json.createObjectBuilder();
                versions.data.get(version - 1).forEach(data::add);
                JsonHttp.send(exchange, 200, "application/json", Json.createObjectBuilder()
                        .add("request_id", UUID.randomUUID().toString()).add("lease_id", "").add("renewable", false)
                        .add("lease_duration", 0)
                        .add("data", Json.createObjectBuilder().add("data", data).add("metadata", metadata(version)))
                        .build());
            }
            case "POST", "PUT" -> {
                JsonObject body = JsonHttp.body(exchange);
                Map<String, String> fields = new HashMap<>();
                body.getJsonObject("data").forEach((k, v) -> fields.put(k, ((jakarta.json.JsonString) v).getString()));
                Versions target = store.computeIfAbsent(key, k -> new Versions());
                target.data.add(fields);
                target.deleted.add(false);
                JsonHttp.send(exchange, 200, "application/json",
                        Json.createObjectBuilder().add("data", metadata(target.data.size())).build());
            }
            case "DELETE" -> {
                if (versions != null && !versions.data.isEmpty()) {
                    versions.deleted.set(versions.data.size() - 1, true);
                }
                JsonHttp.send(exchange, 204, null, null);
            }
            default -> error(exchange, 405, "unsupported operation");
        }
    }

    private synchronized void metadata(HttpExchange exchange, String key) throws IOException {
        Versions versions = store.get(key);
        switch (exchange.getRequestMethod()) {
            case "GET" -> {
                if (versions == null) {
                    notFound(exchange);
                    return;
                }
                JsonObjectBuilder all = Json.createObjectBuilder();
                for (int v = 1; v <= versions.data.size(); v++) {
                    all.add(String.valueOf(v), metadata(v));
                }
                JsonHttp.send(exchange, 200, "application/json", Json.createObjectBuilder().add("data",
                        Json.createObjectBuilder().add("current_version", versions.data.size()).add("versions", all)).build());
            }
            case "DELETE" -> {
                store.remove(key);
                JsonHttp.send(exchange, 204, null, null);
            }
            default -> error(exchange, 405, "unsupported operation");
        }
    }

    private static JsonObjectBuilder metadata(int version) {
        return Json.createObjectBuilder().add("created_time", Instant.now().toString()).add("deletion_time", "")
                .add("destroyed", false).add("version", version);
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        JsonHttp.send(exchange, 404, "application/json",
                Json.createObjectBuilder().add("errors", Json.createArrayBuilder()).build());
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        JsonHttp.send(exchange, status, "application/json",
                Json.createObjectBuilder().add("errors", Json.createArrayBuilder().add(message)).build());
    }
}
