package io.fahren;

/**
 * A snapshot of the one pool a tenants side shares between all tenants (row-level security,
 * schema per tenant with one login, Redis key prefixes, Redis ACL users over shared connections),
 * for health checks, metrics and operators.
 *
 * <pre>{@code
 * tenants.sharedPoolStats().filter(s -> s.waiting() > 0).ifPresent(s -> log("pool exhausted: " + s));
 * }</pre>
 *
 * @param activeConnections connections lent out
 * @param idleConnections connections idle in the pool
 * @param maxConnections the pool's size
 * @param waiting threads waiting for a connection
 * @param bindingFailures bindings of a connection to a tenant that failed so far: a PostgreSQL
 *        binding in a round trip of its own, or a statement that carried one and failed (the
 *        binding or the statement itself; the connection is cleared either way); a Redis ACL login
 *        the server refused
 */
public record SharedPoolStats(int activeConnections, int idleConnections, int maxConnections, int waiting,
        long bindingFailures) {

    /**
     * Builds the snapshot from a commons-pool2 style pool's counters, some of which may be negative
     * while the pool closes.
     *
     * @param active lent out
     * @param idle idle
     * @param max the pool's size
     * @param waiting threads waiting
     * @param bindingFailures bindings that failed so far
     * @return the snapshot, counters at least 0
     */
    public static SharedPoolStats of(int active, int idle, int max, int waiting, long bindingFailures) {
        return new SharedPoolStats(Math.max(0, active), Math.max(0, idle), max, Math.max(0, waiting), bindingFailures);
    }
}
