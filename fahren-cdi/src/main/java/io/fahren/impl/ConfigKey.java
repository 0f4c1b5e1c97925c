package io.fahren.impl;

import io.fahren.TenantId;

/**
 * Every configuration key of {@code fahren-cdi}, each declared once with its type, default and
 * description. {@code docs/configuration.md} holds the same table; a test keeps them in step.
 */
public enum ConfigKey {

    /** The pattern tenant ids must match. */
    TENANT_ID_PATTERN("fahren.tenant.id-pattern", "Java regex", TenantId.DEFAULT_PATTERN,
            "Pattern every tenant id must match in full. It can narrow the safety rule, never widen it: a pattern "
                    + "that admits quotes, white space, control characters, ':', ';' or * ? [ ] \\ fails deployment.");

    /** The prefix owned by this module; unknown keys under it are deployment errors. */
    public static final String PREFIX = "fahren.tenant.";

    private final String key;
    private final String type;
    private final String defaultValue;
    private final String description;

    ConfigKey(String key, String type, String defaultValue, String description) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** @return the property name */
    public String key() {
        return key;
    }

    /** @return the value type, for the docs */
    public String type() {
        return type;
    }

    /** @return the default value, or null when the key is required */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return what the key does */
    public String description() {
        return description;
    }
}
