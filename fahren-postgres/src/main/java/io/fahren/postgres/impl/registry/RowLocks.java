package io.fahren.postgres.impl.registry;

import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.spi.TenantRegistry.Lock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The tenant registry's lifecycle locks: one row per tenant in the locks table, locked by a
 * transaction on a connection of its own, which the server releases if this process dies. While
 * another create or delete of the tenant holds it, {@link #lock} waits (saying so in the log after a
 * second), for at most the lock wait. Thread-safe.
 */
public final class RowLocks {

    private static final Logger LOG = Logger.getLogger(RowLocks.class.getName());

    private final DataSource lockSource;
    private final String locks;
    private final Duration lockWait;
    private final BiFunction<String, SQLException, FahrenException> failure;

    /**
     * @param lockSource the pool lock connections come from, apart from the registry's own
     * @param locks the locks table, schema-qualified and quoted
     * @param lockWait how long a lock is waited for
     * @param failure makes the registry's exception from what failed and why
     */
    public RowLocks(DataSource lockSource, String locks, Duration lockWait,
            BiFunction<String, SQLException, FahrenException> failure) {
        this.lockSource = lockSource;
        this.locks = locks;
        this.lockWait = lockWait;
        this.failure = failure;
    }

    /**
     * @param tenantId the tenant
     * @return the held lock; closing it releases it
     * @throws FahrenException when the lock stays taken for longer than the lock wait, or the
     *         database cannot be reached
     */
    public Lock lock(TenantId tenantId) {
        Connection c = null;
        try {
            c = lockSource.getConnection();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + locks + " (id) VALUES (?) "
                    + "ON CONFLICT (id) DO NOTHING")) {
                s.setString(1, tenantId.value());
                s.executeUpdate();
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            boolean told = false;
            while (!tryLock(c, tenantId)) {
                long waited = System.nanoTime() - start;
                if (waited > lockWait.toNanos()) {
                    throw new FahrenException("Tenant '" + tenantId + "' has been locked by another createTenant or "
                            + "deleteTenant for more than " + lockWait.toSeconds() + " s (in this process or another "
                            + "one; pg_locks and pg_stat_activity show the holder, a transaction locking a row of "
                            + locks + "). Nothing was changed; call again once that one has finished.");
                }
                if (!told && waited > 1_000_000_000L) {
                    told = true;
                    LOG.info("Waiting for the lifecycle lock of tenant '" + tenantId + "': another createTenant or "
                            + "deleteTenant of it is running.");
                }
                Thread.sleep(20);
            }
            Connection held = c;
            return () -> unlock(held, tenantId);
        } catch (SQLException e) {
            abortQuietly(c);
            throw failure.apply("lock tenant '" + tenantId + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortQuietly(c);
            throw new FahrenException("Interrupted while waiting for the lifecycle lock of tenant '" + tenantId + "'", e);
        } catch (RuntimeException e) {
            abortQuietly(c);
            throw e;
        }
    }

    /** @return whether the lock was taken; when not, the transaction is rolled back, ready for the next try */
    private boolean tryLock(Connection c, TenantId tenantId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + locks + " WHERE id = ? FOR UPDATE NOWAIT")) {
            s.setString(1, tenantId.value());
            s.executeQuery().close();
            return true;
        } catch (SQLException e) {
            if (!"55P03".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback();
            return false;
        }
    }

    private void unlock(Connection held, TenantId tenantId) {
        try (held) {
            held.rollback();
            held.setAutoCommit(true);
        } catch (SQLException e) {
            abortQuietly(held);
            throw failure.apply("unlock tenant '" + tenantId + "'", e);
        }
    }

    /**
     * Throws the physical connection away, so the pool never hands out a session that may still
     * hold a lock.
     */
    private static void abortQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.abort(Runnable::run);
        } catch (SQLException ignored) {
            // the original failure is the one to report
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the original failure is the one to report
            }
        }
    }
}
