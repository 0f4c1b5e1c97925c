package io.fahren;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far an operation over many tenants has come, such as
 * {@link TenantManagement#rotateCredentials(TenantQuery, int, java.util.function.Consumer)}.
 * A snapshot: immutable.
 *
 * <pre>{@code
 * BulkProgress done = management.rotateCredentials(TenantQuery.all(), 4,
 *         p -> log.info(p.done() + "/" + p.total()));
 * done.failures().forEach((tenant, why) -> log.warning(tenant + ": " + why));
 * }</pre>
 *
 * @param total how many tenants the operation covers
 * @param succeeded how many have succeeded so far
 * @param failures each failed tenant id with the failure's message (never a secret)
 */
public record BulkProgress(int total, int succeeded, Map<String, String> failures) {

    /** Copies the failures, ordered by tenant id. */
    public BulkProgress {
        failures = Collections.unmodifiableMap(new TreeMap<>(failures));
    }

    /** @return how many tenants are finished, well or not */
    public int done() {
        return succeeded + failures.size();
    }

    /** @return whether every tenant is finished */
    public boolean finished() {
        return done() >= total;
    }
}
