package io.fahren.admin.impl;

import io.fahren.internal.ConfigValues;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The typed view of {@code fahren.admin.*}.
 *
 * @param enabled whether the API answers
 * @param role the role every call needs
 * @param security how callers are authenticated
 */
public record AdminSettings(boolean enabled, String role, Security security) {

    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** How callers are authenticated. */
    public enum Security {
        /** An authentication mechanism bean or MicroProfile JWT must be present. */
        AUTO,
        /** The server's login configuration authenticates; the role is still checked. */
        CONTAINER,
        /** No check: development only. */
        NONE
    }

    /**
     * @param config MicroProfile Config
     * @param problems where each problem is added
     * @return the settings, with defaults in place of wrong values
     */
    public static AdminSettings load(Config config, List<String> problems) {
        boolean enabled = ConfigValues.bool(config, AdminConfigKey.ENABLED.key(), problems).orElse(true);
        String role = ConfigValues.get(config, AdminConfigKey.ROLE.key()).map(String::trim)
                .orElse(AdminConfigKey.ROLE.defaultValue());
        if (!ROLE.matcher(role).matches()) {
            problems.add(AdminConfigKey.ROLE.key() + " must be a role name of letters, digits, '.', '_', ':' or '-'.");
            role = AdminConfigKey.ROLE.defaultValue();
        }
        Security security = Security.AUTO;
        String chosen = ConfigValues.get(config, AdminConfigKey.SECURITY.key()).map(String::trim).orElse("auto");
        try {
            security = Security.valueOf(chosen.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(AdminConfigKey.SECURITY.key() + " must be auto, container or none.");
        }
        return new AdminSettings(enabled, role, security);
    }
}
