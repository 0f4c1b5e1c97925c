package io.fahren.it;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * MicroProfile JWTs for the tests: an RSA key made per test JVM, the configuration that makes
 * Liberty verify tokens with its public key, and signed tokens with chosen groups (which
 * MicroProfile JWT maps to roles) and claims.
 */
public final class Jwts {

    /** The issuer every token names and the server expects. */
    public static final String ISSUER = "https://issuer.fahren.test";

    private static final KeyPair KEYS = keys();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private Jwts() {
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the MicroProfile Config that makes the server verify this JVM's tokens */
    public static Map<String, String> serverConfig() {
        RSAPublicKey key = (RSAPublicKey) KEYS.getPublic();
        String publicKey = "{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"" + URL.encodeToString(unsigned(key.getModulus()))
                + "\",\"e\":\"" + URL.encodeToString(unsigned(key.getPublicExponent())) + "\"}";
        return Map.of("mp.jwt.verify.publickey", publicKey, "mp.jwt.verify.issuer", ISSUER);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    /**
     * @param subject the caller
     * @param groups its groups (its roles)
     * @param claims more string claims
     * @return a token valid for five minutes
     */
    public static String token(String subject, List<String> groups, Map<String, String> claims) {
        long now = Instant.now().getEpochSecond();
        String header = URL.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        // jti too: Payara refuses a token without it
        String body = "{\"iss\":\"" + ISSUER + "\",\"jti\":\"" + java.util.UUID.randomUUID() + "\",\"sub\":\"" + subject + "\",\"upn\":\"" + subject + "\",\"groups\":"
                + groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(",", "[", "]")) + ",\"iat\":"
                + now + ",\"exp\":" + (now + 300)
                + claims.entrySet().stream().map(e -> ",\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                        .collect(Collectors.joining()) + "}";
        String payload = URL.encodeToString(body.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(KEYS.getPrivate());
            signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
