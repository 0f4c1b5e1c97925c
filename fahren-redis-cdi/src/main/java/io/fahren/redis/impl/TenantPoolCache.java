package io.fahren.redis.impl;

import io.fahren.TenantId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;

/**
 * Per-tenant connection pools: at most {@code maxTenants} open, the least recently used unused one
 * closed first, and any pool unused for {@code idleTimeout} closed. A pool with a connection out, or
 * a caller about to borrow, is never closed under it; while every open pool is busy, one more may
 * stay open until one falls idle.
 */
public final class TenantPoolCache implements AutoCloseable {

    private final Function<TenantId, ConnectionPool> opener;
    private final int maxTenants;
    private final long idleNanos;
    private final Map<TenantId, Entry> pools = new LinkedHashMap<>(16, 0.75f, true);
    private final ScheduledExecutorService evictor;

    private static final class Entry {
        final ConnectionPool pool;
        long lastUsed = System.nanoTime();
        int borrowing;

        Entry(ConnectionPool pool) {
            this.pool = pool;
        }

        boolean unused() {
            return borrowing == 0 && pool.getNumActive() == 0;
        }
    }

    /**
     * @param opener opens a tenant's pool (reading its credentials)
     * @param maxTenants most pools kept open
     * @param idleTimeout an unused pool is closed after this long
     */
    public TenantPoolCache(Function<TenantId, ConnectionPool> opener, int maxTenants, Duration idleTimeout) {
        this.opener = opener;
        this.maxTenants = maxTenants;
        this.idleNanos = idleTimeout.toNanos();
        this.evictor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fahren-redis-pool-evictor");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, idleTimeout.toSeconds() / 4);
        evictor.scheduleWithFixedDelay(() -> closeAll(evict(Integer.MAX_VALUE, idleNanos)), period, period,
                TimeUnit.SECONDS);
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
     * @param tenantId the tenant
     * @return a connection from its pool; closing it gives it back
     */
    public Connection connection(TenantId tenantId) {
        Entry entry = entry(tenantId, true);
        try {
            return entry.pool.getResource();
        } finally {
            synchronized (pools) {
                entry.borrowing--;
            }
        }
    }

    private Entry entry(TenantId tenantId, boolean borrow) {
        Entry entry;
        synchronized (pools) {
            entry = pools.get(tenantId);
            if (entry != null) {
                entry.lastUsed = System.nanoTime();
                if (borrow) {
                    entry.borrowing++;
                }
                return entry;
            }
        }
        ConnectionPool opened = opener.apply(tenantId); // outside the lock: it reads a secret
        List<ConnectionPool> evicted;
        synchronized (pools) {
            entry = pools.get(tenantId);
            if (entry == null) {
                entry = new Entry(opened);
                pools.put(tenantId, entry);
                opened = null;
            }
            entry.lastUsed = System.nanoTime();
            if (borrow) {
                entry.borrowing++;
            }
            evicted = evict(pools.size() - maxTenants, -1);
        }
        if (opened != null) {
            opened.close(); // another thread opened it first
        }
        closeAll(evicted);
        return entry;
    }

    /** Removes up to {@code count} unused pools, least recently used first; call with the lock held or take it. */
    private List<ConnectionPool> evict(int count, long olderThanNanos) {
        List<ConnectionPool> evicted = new ArrayList<>();
        synchronized (pools) {
            long now = System.nanoTime();
            Iterator<Entry> it = pools.values().iterator();
            while (evicted.size() < count && it.hasNext()) {
                Entry entry = it.next();
                if (entry.unused() && (olderThanNanos < 0 || now - entry.lastUsed > olderThanNanos)) {
                    evicted.add(entry.pool);
                    it.remove();
                }
            }
        }
        return evicted;
    }

    private static void closeAll(List<ConnectionPool> evicted) {
        evicted.forEach(ConnectionPool::close);
    }

    /** @return how many tenant pools are open */
    public int size() {
        synchronized (pools) {
            return pools.size();
        }
    }

    /**
     * Closes a tenant's pool, when it is deleted.
     *
     * @param tenantId the tenant
     */
    public void close(TenantId tenantId) {
        Entry entry;
        synchronized (pools) {
            entry = pools.remove(tenantId);
        }
        if (entry != null) {
            entry.pool.close();
        }
    }

    @Override
    public void close() {
        evictor.shutdownNow();
        List<ConnectionPool> all = new ArrayList<>();
        synchronized (pools) {
            pools.values().forEach(e -> all.add(e.pool));
            pools.clear();
        }
        closeAll(all);
    }
}
