package io.fahren.admin.impl;

import io.fahren.internal.DocumentedKey;

/**
 * Every configuration key of {@code fahren-admin}, each declared once. {@code docs/configuration.md}
 * holds the same table; a test keeps them in step.
 */
public enum AdminConfigKey implements DocumentedKey {

    /** Whether the API answers. */
    ENABLED("fahren.admin.enabled", "boolean", "true",
            "Whether the admin API answers at all; false makes every admin call a 404 (and skips the security check)."),
    /** The role an admin needs. */
    ROLE("fahren.admin.role", "role name", "fahren-admin",
            "The role a caller must be in (SecurityContext.isUserInRole) for every admin call."),
    /** How callers are authenticated. */
    SECURITY("fahren.admin.security", "auto, container or none", "auto",
            "auto: deployment fails unless the application has an authentication mechanism bean (Jakarta Security, "
                    + "such as @BasicAuthenticationMechanismDefinition) or MicroProfile JWT. container: the server's "
                    + "own login configuration (web.xml login-config) authenticates; the role check still applies. "
                    + "none: no check at all, for development only (logged as a warning).");

    private final Doc doc;

    AdminConfigKey(String key, String type, String defaultValue, String description) {
        this.doc = new Doc(key, type, defaultValue, description);
    }

    @Override
    public Doc doc() {
        return doc;
    }
}
