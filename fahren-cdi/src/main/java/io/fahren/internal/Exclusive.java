package io.fahren.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A reentrant lock for sections that may block on I/O: opening a pool, reading a secret file,
 * logging in to Vault, creating a bean. Fahren takes no {@code synchronized} monitor around such
 * work, because on Java 21 to 23 a virtual thread blocked inside a monitor pins its carrier
 * thread; one waiting on this lock does not.
 *
 * <pre>{@code
 * private final Exclusive lock = new Exclusive();
 * Pool pool() { return lock.call(() -> pool == null ? (pool = open()) : pool); }
 * }</pre>
 */
public final class Exclusive {

    /**
     * Work done while holding the lock.
     *
     * @param <T> its result
     * @param <E> what it may throw
     */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        /** @return the result */
        T call() throws E;
    }

    /**
     * An action done while holding the lock.
     *
     * @param <E> what it may throw
     */
    @FunctionalInterface
    public interface Action<E extends Exception> {
        /** Runs the action. */
        void run() throws E;
    }

    private final ReentrantLock lock = new ReentrantLock();

    /**
     * @param work what to do holding the lock
     * @param <T> its result
     * @param <E> what it may throw
     * @return the work's result
     * @throws E whatever the work throws
     */
    public <T, E extends Exception> T call(Work<T, E> work) throws E {
        lock.lock();
        try {
            return work.call();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param action what to do holding the lock
     * @param <E> what it may throw
     * @throws E whatever the action throws
     */
    public <E extends Exception> void run(Action<E> action) throws E {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }
}
