package io.fahren.admin;

import jakarta.enterprise.context.RequestScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The application's MicroProfile JWT bean, as a JWT implementation provides one: its presence is
 * what the admin API's deployment check looks for. The token itself is never read in these tests.
 */
@RequestScoped
public class CallerToken implements JsonWebToken {

    @Override
    public String getName() {
        return "ops";
    }

    @Override
    public Set<String> getClaimNames() {
        return Set.of();
    }

    @Override
    public <T> T getClaim(String claimName) {
        return null;
    }
}
