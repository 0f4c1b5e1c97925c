package io.fahren.secrets;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.vault.VaultContainer;

/**
 * The Vault the tests talk to, the first available of: {@code VAULT_ADDR}/{@code VAULT_TOKEN};
 * a Testcontainers Vault when a Docker engine answers; the {@link VaultStandIn}.
 *
 * @param address Vault's address
 * @param token a token allowed to use the {@code secret} KV v2 mount
 * @param standIn the stand-in, when that is what runs, else null
 * @param closer stops what this target started
 */
record VaultTarget(URI address, String token, VaultStandIn standIn, AutoCloseable closer) implements AutoCloseable {

    static VaultTarget start() throws IOException {
        String address = System.getenv("VAULT_ADDR");
        String token = System.getenv("VAULT_TOKEN");
        if (address != null && token != null) {
            return new VaultTarget(URI.create(address), token, null, () -> { });
        }
        String root = "root-" + UUID.randomUUID();
        if (dockerAnswers()) {
            VaultContainer<?> container = new VaultContainer<>("hashicorp/vault:1.15").withVaultToken(root);
            container.start();
            return new VaultTarget(URI.create(container.getHttpHostAddress()), root, null, container::stop);
        }
        VaultStandIn standIn = new VaultStandIn(root, "secret");
        return new VaultTarget(standIn.address(), root, standIn, standIn);
    }

    static boolean dockerAnswers() {
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @return the HTTP status of Vault's metadata for the path: 200 while any version exists, else 404 */
    int metadataStatus(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(address.resolve("/v1/secret/metadata/" + path.replaceAll("^/+", "")))
                .header("X-Vault-Token", token).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** @return the HTTP status of reading one version of the secret */
    int versionStatus(String path, int version) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(address.resolve("/v1/secret/data/" + path.replaceAll("^/+", "")
                + "?version=" + version)).header("X-Vault-Token", token).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
