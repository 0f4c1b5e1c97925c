package io.fahren;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules for a tenant's attributes: a small map of strings kept in the registry beside its
 * state, such as its plan, region or owner, for resolvers, placement and admin code. They are
 * metadata, not secrets: they are listed by the admin API and may appear in logs.
 *
 * <ul>
 *   <li>at most {@value #MAX_ENTRIES} entries;</li>
 *   <li>a key matches {@code [a-z][a-z0-9._-]{0,62}};</li>
 *   <li>a value has at most {@value #MAX_VALUE_LENGTH} characters and no control characters;</li>
 *   <li>keys that start with {@value #RESERVED_PREFIX} are Fahren's own (such as the server a
 *       tenant's data is on, or a move in progress): {@code createTenant} refuses them,
 *       {@code updateAttributes} keeps them as they are.</li>
 * </ul>
 *
 * <pre>{@code
 * management.createTenant("acme", Map.of("plan", "pro", "region", "eu"));
 * management.updateAttributes("acme", Map.of("plan", "enterprise", "region", "eu"));
 * management.list(TenantQuery.all().withAttribute("plan", "enterprise"));
 * }</pre>
 */
public final class TenantAttributes {

    /** The most entries a tenant may have. */
    public static final int MAX_ENTRIES = 64;
    /** The longest value. */
    public static final int MAX_VALUE_LENGTH = 1024;

    /** The prefix of the attribute keys Fahren writes itself. */
    public static final String RESERVED_PREFIX = "fahren.";

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9._-]{0,62}");

    private TenantAttributes() {
    }

    /**
     * @param attributes candidate attributes
     * @return an unmodifiable copy ordered by key
     * @throws IllegalArgumentException naming the first rule broken; a bad value is not quoted
     */
    public static Map<String, String> of(Map<String, String> attributes) {
        if (attributes.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("A tenant may have at most " + MAX_ENTRIES + " attributes, not "
                    + attributes.size());
        }
        Map<String, String> copy = new TreeMap<>();
        attributes.forEach((key, value) -> {
            checkKey(key);
            checkValue(key, value);
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * @param key a candidate attribute key
     * @return the key
     * @throws IllegalArgumentException when it breaks the key rule; the key is quoted escaped
     */
    public static String checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("Invalid attribute key '" + (key == null ? null : TenantIdPolicy.escape(key))
                    + "': it must match " + KEY.pattern());
        }
        return key;
    }

    /**
     * @param key the attribute's key, already checked
     * @param value a candidate value
     * @return the value
     * @throws IllegalArgumentException when it is null, too long or holds a control character
     */
    public static String checkValue(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("Attribute '" + key + "' has no value; remove the key instead");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("Attribute '" + key + "' is " + value.length() + " characters long; "
                    + "the most is " + MAX_VALUE_LENGTH);
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("Attribute '" + key + "' holds a control character, which is not allowed");
        }
        return value;
    }

    /**
     * @param attributes attributes given to {@code createTenant}
     * @return them
     * @throws IllegalArgumentException when one of them is Fahren's own ({@value #RESERVED_PREFIX})
     */
    public static Map<String, String> requireNoneReserved(Map<String, String> attributes) {
        for (String key : attributes.keySet()) {
            if (key.startsWith(RESERVED_PREFIX)) {
                throw new IllegalArgumentException("Attribute '" + key + "' is Fahren's own (keys starting with "
                        + RESERVED_PREFIX + " record where a tenant's data is and moves in progress) and only Fahren "
                        + "sets it; leave it out. To place a tenant on a server, pass the attribute your placement "
                        + "reads (fahren.postgres.placement.attribute, 'server' by default)");
            }
        }
        return attributes;
    }

    /**
     * The attributes {@code updateAttributes} stores: the requested ones, with Fahren's own
     * ({@value #RESERVED_PREFIX}) kept as they were.
     *
     * @param stored the tenant's attributes now
     * @param requested the attributes asked for, checked
     * @return what to store, checked
     * @throws IllegalArgumentException when a request sets one of Fahren's own attributes to another
     *         value, or adds one
     */
    public static Map<String, String> keepingReserved(Map<String, String> stored, Map<String, String> requested) {
        Map<String, String> merged = new TreeMap<>();
        requested.forEach((key, value) -> {
            if (key.startsWith(RESERVED_PREFIX) && !value.equals(stored.get(key))) {
                throw new IllegalArgumentException("Attribute '" + key + "' is Fahren's own and only Fahren changes it "
                        + "(a tenant's server changes with Postgres.moveTenant); leave it out, and it is kept");
            }
            merged.put(key, value);
        });
        stored.forEach((key, value) -> {
            if (key.startsWith(RESERVED_PREFIX)) {
                merged.put(key, value);
            }
        });
        return of(merged);
    }
}
