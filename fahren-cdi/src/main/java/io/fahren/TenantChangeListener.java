package io.fahren;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Told each time the current tenant of a thread changes, on that thread: {@link Tenants} calls it
 * when a tenant is entered and when the previous one (or none) comes back. One listener per
 * deployment, which Fahren's CDI extension installs at deployment validation (the log context,
 * see {@code fahren.logging.mdc-key}) and removes at shutdown, as it does {@link TenantIdPolicy};
 * applications do not call it. With none installed, a tenant switch costs one volatile read.
 */
public final class TenantChangeListener {

    /** What a listener does with a change. */
    @FunctionalInterface
    public interface Listener {
        /** @param current the tenant now current on this thread, or null for none */
        void changed(TenantId current);
    }

    private static final Logger LOG = Logger.getLogger(TenantChangeListener.class.getName());

    private static volatile Listener listener;

    private TenantChangeListener() {
    }

    /**
     * Called by {@code Tenants} on the thread whose tenant changed. A failing listener is logged
     * and never stops the switch: the tenant itself must always be entered and restored.
     *
     * @param current the tenant now current, or null for none
     */
    public static void changed(TenantId current) {
        Listener installed = listener;
        if (installed == null) {
            return;
        }
        try {
            installed.changed(current);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "Recording the current tenant in the log context failed; the tenant itself is "
                    + "set as usual. Check the logging library on the class path.", e);
        }
    }

    /** @param installed the listener, replacing any other */
    public static void install(Listener installed) {
        listener = installed;
    }

    /** Removes the listener, at shutdown. */
    public static void reset() {
        listener = null;
    }
}
