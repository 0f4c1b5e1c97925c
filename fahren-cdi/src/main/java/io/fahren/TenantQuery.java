package io.fahren;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which tenants to list, one page at a time: filters by state, attribute values and id prefix, and
 * a keyset cursor (the last id of the previous page), so a page costs the same at tenant 100,000
 * as at tenant 1. Immutable; each {@code with...} returns a new query.
 *
 * <pre>{@code
 * TenantQuery query = TenantQuery.all().inStates(TenantState.ACTIVE).withAttribute("plan", "pro").limit(100);
 * TenantPage page = management.list(query);
 * while (true) {
 *     page.tenants().forEach(this::bill);
 *     if (page.next().isEmpty()) break;
 *     page = management.list(query.after(page.next().get()));
 * }
 * }</pre>
 *
 * @param states the states to list; empty for every state
 * @param attributes attribute values every listed tenant has (all must match)
 * @param idPrefix the start of every listed id, or null
 * @param after list only ids after this one (the cursor), or null from the start
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 */
public record TenantQuery(Set<TenantState> states, Map<String, String> attributes, String idPrefix, String after,
        int limit) {

    /** The default page size. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest page. */
    public static final int MAX_LIMIT = 1000;

    private static final Pattern PREFIX = Pattern.compile("[a-z0-9_-]{0,63}");

    /**
     * @throws IllegalArgumentException when the limit is out of range, the prefix or cursor holds
     *         characters no tenant id can, or an attribute breaks {@link TenantAttributes}' rules
     */
    public TenantQuery {
        states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
        attributes = TenantAttributes.of(attributes == null ? Map.of() : attributes);
        if (idPrefix != null && !PREFIX.matcher(idPrefix).matches()) {
            throw new IllegalArgumentException("An id prefix may only hold the characters of a tenant id ([a-z0-9_-]), "
                    + "at most 63 of them");
        }
        if (after != null) {
            TenantId.of(after);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("A page holds 1 to " + MAX_LIMIT + " tenants, not " + limit);
        }
    }

    /** @return the first page of every tenant, {@value #DEFAULT_LIMIT} at a time */
    public static TenantQuery all() {
        return new TenantQuery(Set.of(), Map.of(), null, null, DEFAULT_LIMIT);
    }

    /**
     * @param only the states to list (none for every state)
     * @return this query for tenants in one of them
     */
    public TenantQuery inStates(TenantState... only) {
        return new TenantQuery(only.length == 0 ? Set.of() : EnumSet.of(only[0], only), attributes, idPrefix, after, limit);
    }

    /**
     * @param key an attribute key
     * @param value the value it must have
     * @return this query for tenants that also have that attribute value
     */
    public TenantQuery withAttribute(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(attributes);
        more.put(key, value);
        return new TenantQuery(states, more, idPrefix, after, limit);
    }

    /**
     * @param prefix the start of the ids to list, or null for any
     * @return this query for ids starting so
     */
    public TenantQuery withIdPrefix(String prefix) {
        return new TenantQuery(states, attributes, prefix, after, limit);
    }

    /**
     * @param cursor the {@link TenantPage#next()} of the previous page, or null for the first
     * @return this query from after that id
     */
    public TenantQuery after(String cursor) {
        return new TenantQuery(states, attributes, idPrefix, cursor, limit);
    }

    /**
     * @param size the page size
     * @return this query with that page size
     */
    public TenantQuery limit(int size) {
        return new TenantQuery(states, attributes, idPrefix, after, size);
    }

    /**
     * @param tenant a tenant
     * @return whether it passes the filters (the cursor and limit aside)
     */
    public boolean matches(Tenant tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return (states.isEmpty() || states.contains(tenant.state()))
                && (idPrefix == null || tenant.id().value().startsWith(idPrefix))
                && attributes.entrySet().stream().allMatch(e -> e.getValue().equals(tenant.attributes().get(e.getKey())));
    }

    /** @return the cursor, if any */
    public Optional<String> cursor() {
        return Optional.ofNullable(after);
    }
}
