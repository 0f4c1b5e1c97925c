package io.fahren.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The fields of one secret, such as a connection's user name and password.
 *
 * <p>Its {@link #toString()} lists field names only, never values, so a secret that ends up in a
 * log line or an exception message leaks nothing.
 *
 * <pre>{@code
 * Secret secret = Secret.of(Map.of("username", "tenant_acme", "password", generated));
 * secrets.write("/tenants/acme/postgres/connection", secret);
 * String password = secrets.read(path).get("password").orElseThrow();
 * }</pre>
 */
public final class Secret {

    private final Map<String, String> fields;

    private Secret(Map<String, String> fields) {
        this.fields = fields;
    }

    /**
     * @param fields field names and values; neither may be null
     * @return an immutable secret
     */
    public static Secret of(Map<String, String> fields) {
        Map<String, String> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "field name"),
                Objects.requireNonNull(v, "value of field " + k)));
        return new Secret(Collections.unmodifiableMap(copy));
    }

    /**
     * @param field a field name
     * @return its value, or empty
     */
    public Optional<String> get(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    /**
     * @return the field names
     */
    public Set<String> fieldNames() {
        return fields.keySet();
    }

    /**
     * @return every field and value; handle with care
     */
    public Map<String, String> asMap() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    /**
     * @return the field names with redacted values
     */
    @Override
    public String toString() {
        return "Secret" + fields.keySet() + " (values redacted)";
    }
}
