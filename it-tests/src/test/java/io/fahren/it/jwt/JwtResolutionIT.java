package io.fahren.it.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.it.Wars;
import io.fahren.it.http.Admin;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The jwt-claim resolver with Liberty's MicroProfile JWT: the tenant is the {@code org} claim of a
 * token signed by a key this test makes; the server verifies it with the public key.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JwtResolutionIT {

    private static final String ISSUER = "https://issuer.fahren.test";
    private static final KeyPair KEYS = keys();

    @ArquillianResource
    URL base;

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        java.security.interfaces.RSAPublicKey key = (java.security.interfaces.RSAPublicKey) KEYS.getPublic();
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String publicKey = "{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\""
                + url.encodeToString(unsigned(key.getModulus())) + "\",\"e\":\""
                + url.encodeToString(unsigned(key.getPublicExponent())) + "\"}";
        return Wars.of("http-jwt.war", Map.of("fahren.http.tenant-resolver", "jwt-claim", "fahren.http.jwt-claim", "org",
                        "mp.jwt.verify.publickey", publicKey, "mp.jwt.verify.issuer", ISSUER), "fahren.cdi.jar")
                .addClasses(JwtApplication.class, JwtWhoAmI.class, Admin.class);
    }

    private static byte[] unsigned(java.math.BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String token(String org) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"alice\",\"upn\":\"alice\",\"groups\":[\"user\"],"
                + "\"iat\":" + now + ",\"exp\":" + (now + 300) + (org == null ? "" : ",\"org\":\"" + org + "\"") + "}";
        String payload = url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(KEYS.getPrivate());
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + url.encodeToString(signature.sign());
    }

    private String call(String method, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "api/" + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void theTenantIsTheClaimOfTheVerifiedToken() throws Exception {
        assertThat(call("POST", "admin/tenants/jwt-acme", null)).isEqualTo("200 ACTIVE");
        assertThat(call("GET", "whoami", token("jwt-acme"))).isEqualTo("200 jwt-acme");
        assertThat(call("GET", "whoami", token("jwt-nobody"))).startsWith("404 ");
        assertThat(call("GET", "whoami", token(null))).startsWith("400 ").contains("claim org");
    }
}
