package io.fahren.internal;

import io.fahren.TenantId;
import io.fahren.TenantPoolStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Per-tenant connection pools of any kind: at most {@code maxTenants} open, the least recently
 * used unused one closed first, and any pool unused for {@code idleTimeout} closed. A pool with a
 * connection out, or a caller about to borrow, is never closed under it; while every open pool is
 * busy, one more may stay open until one falls idle. Thread-safe.
 *
 * @param <P> the pool type
 */
public final class TenantPoolCache<P> implements AutoCloseable {

    /**
     * Work on a tenant's pool, typically borrowing a connection.
     *
     * @param <P> the pool type
     * @param <T> the result
     * @param <E> what the work may throw
     */
    @FunctionalInterface
    public interface Borrow<P, T, E extends Exception> {
        /** @param pool the tenant's pool @return the result */
        T apply(P pool) throws E;
    }

    private final Function<TenantId, P> opener;
    private final Predicate<P> inUse;
    private final Consumer<P> closer;
    private final int maxTenants;
    private final long idleNanos;
    private final Map<TenantId, Entry<P>> pools = new LinkedHashMap<>(16, 0.75f, true);
    private final ScheduledFuture<?> evictor;
    /** Tenants whose pool would not open or hand out a connection, since when (nanoTime). */
    private final ConcurrentMap<TenantId, Long> failingSince = new ConcurrentHashMap<>();
    private final AtomicLong evictions = new AtomicLong();

    private static final class Entry<P> {
        final P pool;
        long lastUsed = System.nanoTime();
        int borrowing;

        Entry(P pool) {
            this.pool = pool;
        }
    }

    /**
     * @param name names the eviction task in the log
     * @param opener opens a tenant's pool (reading its credentials); called outside any lock
     * @param inUse whether a pool has a connection out
     * @param closer closes a pool
     * @param maxTenants most pools kept open
     * @param idleTimeout an unused pool is closed after this long
     */
    public TenantPoolCache(String name, Function<TenantId, P> opener, Predicate<P> inUse, Consumer<P> closer,
            int maxTenants, Duration idleTimeout) {
        this.opener = opener;
        this.inUse = inUse;
        this.closer = closer;
        this.maxTenants = maxTenants;
        this.idleNanos = idleTimeout.toNanos();
        Duration period = Duration.ofSeconds(Math.max(1, idleTimeout.toSeconds() / 4));
        this.evictor = FahrenScheduler.every(name, period, () -> closeAll(evict(Integer.MAX_VALUE, idleNanos)));
    }

    /**
     * Opens the tenant's pool if needed, so a missing secret shows at once.
     *
     * @param tenantId the tenant
     */
    public void open(TenantId tenantId) {
        entry(tenantId, false);
    }

    /**
     * Runs work on the tenant's pool, opening it first if needed; the pool cannot be closed while
     * the work runs.
     *
     * @param tenantId the tenant
     * @param work typically borrows a connection
     * @param <T> the result type
     * @param <E> what the work may throw
     * @return the work's result
     */
    public <T, E extends Exception> T borrow(TenantId tenantId, Borrow<P, T, E> work) throws E {
        Entry<P> entry;
        try {
            entry = entry(tenantId, true);
        } catch (RuntimeException | Error e) {
            failingSince.putIfAbsent(tenantId, System.nanoTime());
            throw e;
        }
        try {
            T result = work.apply(entry.pool);
            if (!failingSince.isEmpty()) {
                failingSince.remove(tenantId);
            }
            return result;
        } catch (Exception | Error e) {
            failingSince.putIfAbsent(tenantId, System.nanoTime());
            throw e;
        } finally {
            synchronized (pools) {
                entry.borrowing--;
            }
        }
    }

    private Entry<P> entry(TenantId tenantId, boolean borrow) {
        synchronized (pools) {
            Entry<P> entry = pools.get(tenantId);
            if (entry != null) {
                return touch(entry, borrow);
            }
        }
        P opened = opener.apply(tenantId);
        Entry<P> entry;
        List<P> evicted;
        synchronized (pools) {
            entry = pools.get(tenantId);
            if (entry == null) {
                entry = new Entry<>(opened);
                pools.put(tenantId, entry);
                opened = null;
            }
            touch(entry, borrow);
            evicted = evict(pools.size() - maxTenants, -1);
        }
        if (opened != null) {
            closer.accept(opened); // another thread opened it first
        }
        closeAll(evicted);
        return entry;
    }

    private static <P> Entry<P> touch(Entry<P> entry, boolean borrow) {
        entry.lastUsed = System.nanoTime();
        if (borrow) {
            entry.borrowing++;
        }
        return entry;
    }

    /** Removes up to {@code count} unused pools, least recently used first. */
    private List<P> evict(int count, long olderThanNanos) {
        List<P> evicted = new ArrayList<>();
        synchronized (pools) {
            long now = System.nanoTime();
            Iterator<Entry<P>> it = pools.values().iterator();
            while (evicted.size() < count && it.hasNext()) {
                Entry<P> entry = it.next();
                boolean unused = entry.borrowing == 0 && !inUse.test(entry.pool);
                if (unused && (olderThanNanos < 0 || now - entry.lastUsed > olderThanNanos)) {
                    evicted.add(entry.pool);
                    it.remove();
                    evictions.incrementAndGet();
                }
            }
        }
        return evicted;
    }

    private void closeAll(List<P> evicted) {
        evicted.forEach(closer);
    }

    /** @return the open pools, least recently used first (a snapshot) */
    public List<P> pools() {
        synchronized (pools) {
            return pools.values().stream().map(e -> e.pool).toList();
        }
    }

    /**
     * @param active connections lent out by a pool
     * @param idle connections idle in a pool
     * @param maxConnections the cap across all pools, or -1
     * @param waitingForCap threads waiting under that cap
     * @return a snapshot of the cache
     */
    public TenantPoolStats stats(ToIntFunction<P> active, ToIntFunction<P> idle, int maxConnections,
            int waitingForCap) {
        List<P> open = pools();
        int lent = 0;
        int resting = 0;
        for (P pool : open) {
            lent += active.applyAsInt(pool);
            resting += idle.applyAsInt(pool);
        }
        long now = System.nanoTime();
        Map<TenantId, Duration> failing = new HashMap<>();
        failingSince.forEach((tenant, since) -> failing.put(tenant, Duration.ofNanos(now - since)));
        return new TenantPoolStats(open.size(), maxTenants, lent, resting, maxConnections, waitingForCap,
                evictions.get(), failing);
    }

    /** @return how many tenant pools are open */
    public int size() {
        synchronized (pools) {
            return pools.size();
        }
    }

    /**
     * @param tenantId the tenant
     * @return its pool when one is open; never opens one
     */
    public Optional<P> peek(TenantId tenantId) {
        synchronized (pools) {
            Entry<P> entry = pools.get(tenantId);
            return entry == null ? Optional.empty() : Optional.of(entry.pool);
        }
    }

    /**
     * Closes a tenant's pool, when it is deleted.
     *
     * @param tenantId the tenant
     */
    public void close(TenantId tenantId) {
        failingSince.remove(tenantId);
        Entry<P> entry;
        synchronized (pools) {
            entry = pools.remove(tenantId);
        }
        if (entry != null) {
            closer.accept(entry.pool);
        }
    }

    @Override
    public void close() {
        evictor.cancel(false);
        List<P> all;
        synchronized (pools) {
            all = new ArrayList<>(pools());
            pools.clear();
        }
        closeAll(all);
    }
}
