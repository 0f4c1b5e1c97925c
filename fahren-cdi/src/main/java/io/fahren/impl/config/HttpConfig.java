package io.fahren.impl.config;

import io.fahren.internal.ConfigValues;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The typed view of {@code fahren.http.*}.
 *
 * @param enabled whether the filter acts at all
 * @param resolver where the tenant is read
 * @param header the tenant header
 * @param pathParameter the named path parameter, or null for the first segment
 * @param jwtClaim the JWT claim
 * @param suspendedStatus the status answering a request for a suspended tenant
 */
public record HttpConfig(boolean enabled, Resolver resolver, String header, String pathParameter, String jwtClaim,
        int suspendedStatus) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    /** The built-in resolvers. */
    public enum Resolver {
        /** A request header. */
        HEADER,
        /** The first path segment, or a named path parameter. */
        PATH,
        /** The first label of the host name. */
        SUBDOMAIN,
        /** A claim of the caller's MicroProfile JWT. */
        JWT_CLAIM;

        /** @return the configured name, such as {@code jwt-claim} */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param config MicroProfile Config
     * @param problems where each problem is added
     * @return the settings, with defaults in place of wrong values
     */
    public static HttpConfig load(Config config, List<String> problems) {
        boolean enabled = ConfigValues.bool(config, ConfigKey.HTTP_ENABLED.key(), problems).orElse(true);
        Resolver resolver = Resolver.HEADER;
        Optional<String> chosen = ConfigValues.get(config, ConfigKey.HTTP_TENANT_RESOLVER.key());
        if (chosen.isPresent()) {
            resolver = java.util.Arrays.stream(Resolver.values()).filter(r -> r.configName().equals(chosen.get().trim()))
                    .findFirst().orElse(null);
            if (resolver == null) {
                problems.add(ConfigKey.HTTP_TENANT_RESOLVER.key() + " must be header, path, subdomain or jwt-claim.");
                resolver = Resolver.HEADER;
            }
        }
        String header = ConfigValues.get(config, ConfigKey.HTTP_TENANT_HEADER.key())
                .orElse(ConfigKey.HTTP_TENANT_HEADER.defaultValue()).trim();
        if (!TOKEN.matcher(header).matches()) {
            problems.add(ConfigKey.HTTP_TENANT_HEADER.key() + " must be an HTTP header name, such as X-Tenant-ID.");
            header = ConfigKey.HTTP_TENANT_HEADER.defaultValue();
        }
        String parameter = ConfigValues.get(config, ConfigKey.HTTP_PATH_PARAMETER.key()).map(String::trim).orElse(null);
        String claim = ConfigValues.get(config, ConfigKey.HTTP_JWT_CLAIM.key())
                .orElse(ConfigKey.HTTP_JWT_CLAIM.defaultValue()).trim();
        int suspended = ConfigValues.positive(config, ConfigKey.HTTP_SUSPENDED_STATUS.key(), problems)
                .orElse(Integer.parseInt(ConfigKey.HTTP_SUSPENDED_STATUS.defaultValue()));
        if (suspended < 400 || suspended > 599) {
            problems.add(ConfigKey.HTTP_SUSPENDED_STATUS.key() + " must be an error status from 400 to 599, such as 423.");
            suspended = Integer.parseInt(ConfigKey.HTTP_SUSPENDED_STATUS.defaultValue());
        }
        return new HttpConfig(enabled, resolver, header, parameter, claim, suspended);
    }
}
