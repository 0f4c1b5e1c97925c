package io.fahren.flyway;

import java.time.Duration;

/**
 * Where a {@link TenantMigrations#migrateAll()} run stands: handed to {@link
 * MigrationOptions#progress()} every {@link MigrationOptions#progressInterval()} and once at the
 * end, and fired as a CDI event with {@code fahren-flyway}'s CDI wiring.
 *
 * <pre>{@code
 * void onProgress(@Observes MigrationProgress p) {
 *     metrics.gauge("migrations.remaining", p.remaining());
 * }
 * }</pre>
 *
 * @param total tenants in the run
 * @param done tenants finished, migrated or failed
 * @param failed tenants whose migration failed
 * @param elapsed time since the run started
 * @param estimatedLeft the time the rest should take at the pace so far, or null before the first
 *        tenant is done
 */
public record MigrationProgress(int total, int done, int failed, Duration elapsed, Duration estimatedLeft) {

    /** @return tenants not finished yet */
    public int remaining() {
        return total - done;
    }

    /** @return whether the run is over */
    public boolean finished() {
        return done == total;
    }

    @Override
    public String toString() {
        return done + " of " + total + " done, " + failed + " failed, " + remaining() + " remaining, "
                + (estimatedLeft == null ? "time left unknown" : "about " + estimatedLeft.toSeconds() + " s left");
    }
}
