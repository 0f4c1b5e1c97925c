package io.fahren.postgres;

import java.time.Duration;
import java.util.Map;

/**
 * What {@link Postgres#moveTenant} did.
 *
 * @param tenantId the tenant
 * @param from the server it was on; its old copy is kept there, its role switched off, until
 *        {@link Postgres#confirmMove}
 * @param to the server it is on now
 * @param rows the rows of each table, as copied and counted on both servers
 * @param suspended how long the tenant was suspended (refused) for the copy
 */
public record TenantMove(String tenantId, String from, String to, Map<String, Long> rows, Duration suspended) {

    /** Copies the rows map. */
    public TenantMove {
        rows = Map.copyOf(rows);
    }
}
