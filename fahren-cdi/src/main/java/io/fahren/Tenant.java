package io.fahren;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant as recorded in the {@link io.fahren.spi.TenantRegistry}.
 *
 * <pre>{@code
 * for (Tenant t : management.list()) {
 *     System.out.println(t.id() + " " + t.state() + " since " + t.updatedAt());
 * }
 * }</pre>
 *
 * @param id the tenant id
 * @param state the lifecycle state
 * @param createdAt when the tenant was first recorded
 * @param updatedAt when the state last changed
 */
public record Tenant(TenantId id, TenantState state, Instant createdAt, Instant updatedAt) {

    /**
     * @throws NullPointerException when a component is null
     */
    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * @return whether the tenant is {@link TenantState#ACTIVE}
     */
    public boolean isActive() {
        return state == TenantState.ACTIVE;
    }
}
