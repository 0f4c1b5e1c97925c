package io.fahren.http;

import jakarta.json.JsonString;
import java.security.Principal;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads a claim of the caller's MicroProfile JWT; loaded only for the jwt-claim resolver. */
final class JwtClaimReader {

    private JwtClaimReader() {
    }

    /** @throws LinkageError when MicroProfile JWT is not available */
    static void check() {
        JsonWebToken.class.getName();
    }

    static Optional<String> claim(Principal caller, String name) {
        if (!(caller instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        Object value = token.getClaim(name);
        if (value instanceof JsonString json) {
            return Optional.of(json.getString());
        }
        return value instanceof String text ? Optional.of(text) : Optional.empty();
    }
}
