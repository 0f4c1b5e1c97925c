package io.fahren;

import java.io.Serializable;

/**
 * A validated tenant id.
 *
 * <p>Tenant ids end up in Postgres identifiers ({@code tenant_<id>}), in Redis key prefixes
 * ({@code tenant:<id>:}) and in secret paths, so every instance obeys two rules:
 * <ol>
 *   <li><b>The safety rule</b>, always enforced, also by the constructor: ASCII letters, digits,
 *       {@code _} and {@code -}, starting with a letter or digit, 1 to {@value #MAX_LENGTH}
 *       characters. No quotes, white space, control characters, {@code :} or Redis glob
 *       characters ({@code * ? [ ] \}) can ever get through, whatever is configured.</li>
 *   <li><b>The configured pattern</b>, checked by {@link #of(String)}: {@value #DEFAULT_PATTERN}
 *       unless {@code fahren.tenant.id-pattern} says otherwise. A configured pattern that admits
 *       a forbidden character is a deployment error.</li>
 * </ol>
 * Even so, Fahren quotes every identifier it builds from a tenant id and binds every value.
 *
 * <pre>{@code
 * TenantId acme = TenantId.of("acme");        // ok
 * TenantId.of("acme'; DROP TABLE x; --");      // InvalidTenantIdException
 * }</pre>
 *
 * @param value the id, as given
 */
public record TenantId(String value) implements Comparable<TenantId>, Serializable {

    /** The default pattern for tenant ids, and the key that overrides it. */
    public static final String DEFAULT_PATTERN = "[a-z0-9][a-z0-9_-]{0,55}";

    /** The longest tenant id: {@code tenant_} plus 56 characters still fits a 63-byte identifier. */
    public static final int MAX_LENGTH = 56;

    /**
     * Checks the safety rule only. Prefer {@link #of(String)}, which also applies the configured
     * pattern.
     *
     * @param value the id
     * @throws InvalidTenantIdException when the value breaks the safety rule
     */
    public TenantId {
        TenantIdPolicy.requireSafe(value);
    }

    /**
     * Parses a tenant id against the configured pattern and the safety rule.
     *
     * @param value the raw id, for example from an HTTP header
     * @return the validated id
     * @throws InvalidTenantIdException when the value is null or breaks a rule; the message
     *         quotes the rule and escapes the input
     */
    public static TenantId of(String value) {
        return TenantIdPolicy.active().parse(value);
    }

    @Override
    public int compareTo(TenantId other) {
        return value.compareTo(other.value);
    }

    /**
     * @return the id itself, so it can be used directly in messages
     */
    @Override
    public String toString() {
        return value;
    }
}
