package io.fahren.internal;

/**
 * A configuration key declared once, with what the docs table shows about it. Each module's key
 * enum implements this and holds one {@link Doc}.
 */
public interface DocumentedKey {

    /**
     * What one key is.
     *
     * @param key the property name
     * @param type the value type, for the docs
     * @param defaultValue the default, or null when there is none
     * @param description what the key does
     */
    record Doc(String key, String type, String defaultValue, String description) {
    }

    /** @return the key's description */
    Doc doc();

    /** @return the property name */
    default String key() {
        return doc().key();
    }

    /** @return the value type, for the docs */
    default String type() {
        return doc().type();
    }

    /** @return the default value, or null when there is none */
    default String defaultValue() {
        return doc().defaultValue();
    }

    /** @return what the key does */
    default String description() {
        return doc().description();
    }

    /** @return the default as a whole number: options builders and loaders take it from here */
    default int defaultInt() {
        return Integer.parseInt(defaultValue());
    }

    /** @return the default as a boolean */
    default boolean defaultBoolean() {
        return Boolean.parseBoolean(defaultValue());
    }
}
