package io.fahren;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a {@link TenantQuery}, ordered by id.
 *
 * <pre>{@code
 * TenantPage page = management.list(TenantQuery.all().limit(50));
 * page.next().ifPresent(cursor -> management.list(TenantQuery.all().limit(50).after(cursor)));
 * }</pre>
 *
 * @param tenants the tenants of the page, ordered by id
 * @param next the cursor of the next page, empty when this is the last
 */
public record TenantPage(List<Tenant> tenants, Optional<String> next) {

    /**
     * @throws NullPointerException when a component is null
     */
    public TenantPage {
        tenants = List.copyOf(tenants);
        Objects.requireNonNull(next, "next");
    }

    /**
     * Cuts a page from candidates that already pass the query's filters and follow its cursor,
     * ordered by id: at most {@code limit} of them, with a cursor when more follow.
     *
     * @param query the query
     * @param candidates up to {@code limit + 1} matching tenants in id order
     * @return the page
     */
    public static TenantPage of(TenantQuery query, List<Tenant> candidates) {
        if (candidates.size() <= query.limit()) {
            return new TenantPage(candidates, Optional.empty());
        }
        List<Tenant> page = candidates.subList(0, query.limit());
        return new TenantPage(page, Optional.of(page.get(page.size() - 1).id().value()));
    }
}
