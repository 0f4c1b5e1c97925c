package io.fahren;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A tenant as recorded in the {@link io.fahren.spi.TenantRegistry}, with its
 * {@linkplain TenantAttributes attributes}.
 *
 * <pre>{@code
 * for (Tenant t : management.list()) {
 *     System.out.println(t.id() + " " + t.state() + " since " + t.updatedAt() + " plan " + t.attributes().get("plan"));
 * }
 * }</pre>
 *
 * @param id the tenant id
 * @param state the lifecycle state
 * @param createdAt when the tenant was first recorded
 * @param updatedAt when the state or the attributes last changed
 * @param attributes the tenant's metadata, checked by {@link TenantAttributes#of(Map)}; never null
 */
public record Tenant(TenantId id, TenantState state, Instant createdAt, Instant updatedAt,
        Map<String, String> attributes) {

    /**
     * @throws NullPointerException when a component other than the attributes is null
     * @throws IllegalArgumentException when the attributes break {@link TenantAttributes}' rules
     */
    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        attributes = TenantAttributes.of(attributes == null ? Map.of() : attributes);
    }

    /**
     * A tenant without attributes.
     *
     * @param id the tenant id
     * @param state the lifecycle state
     * @param createdAt when the tenant was first recorded
     * @param updatedAt when the state last changed
     */
    public Tenant(TenantId id, TenantState state, Instant createdAt, Instant updatedAt) {
        this(id, state, createdAt, updatedAt, Map.of());
    }

    /**
     * @return whether the tenant is {@link TenantState#ACTIVE}
     */
    public boolean isActive() {
        return state == TenantState.ACTIVE;
    }
}
