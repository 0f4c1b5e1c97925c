package io.fahren.impl.logging;

import io.fahren.TenantId;
import io.fahren.internal.TenantChangeListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps the current tenant id in every logging library's mapped diagnostic context found on the
 * class path (SLF4J's {@code MDC}, Log4j 2's {@code ThreadContext}, JBoss Logging's {@code MDC}),
 * under one key, for exactly as long as the tenant is current on the thread. Entering a tenant
 * puts its id; leaving restores the previous tenant's id or removes the key.
 */
public final class LogContext implements TenantChangeListener.Listener {

    /** One library's diagnostic context. */
    interface Mdc {
        void put(String key, String value);

        void remove(String key);
    }

    private static final List<Library> LIBRARIES = List.of(
            new Library("org.slf4j.MDC", Slf4jMdc::new),
            new Library("org.apache.logging.log4j.ThreadContext", Log4jThreadContext::new),
            new Library("org.jboss.logging.MDC", JBossMdc::new));

    private record Library(String probe, Supplier<Mdc> open) {
    }

    private final String key;
    private final Mdc[] contexts;

    private LogContext(String key, List<Mdc> contexts) {
        this.key = key;
        this.contexts = contexts.toArray(Mdc[]::new);
    }

    /**
     * @param key the MDC key ({@code fahren.logging.mdc-key})
     * @param loader the class loader the application's logging libraries are visible to
     * @return the log context for every library present, or null when there is none
     */
    public static LogContext of(String key, ClassLoader loader) {
        List<Mdc> present = new ArrayList<>();
        for (Library library : LIBRARIES) {
            if (isPresent(library.probe(), loader)) {
                present.add(library.open().get());
            }
        }
        return present.isEmpty() ? null : new LogContext(key, present);
    }

    /** @return how many logging libraries receive the tenant */
    public int libraries() {
        return contexts.length;
    }

    @Override
    public void changed(TenantId current) {
        for (Mdc mdc : contexts) {
            if (current == null) {
                mdc.remove(key);
            } else {
                mdc.put(key, current.value());
            }
        }
    }

    private static boolean isPresent(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static final class Slf4jMdc implements Mdc {
        @Override
        public void put(String key, String value) {
            org.slf4j.MDC.put(key, value);
        }

        @Override
        public void remove(String key) {
            org.slf4j.MDC.remove(key);
        }
    }

    private static final class Log4jThreadContext implements Mdc {
        @Override
        public void put(String key, String value) {
            org.apache.logging.log4j.ThreadContext.put(key, value);
        }

        @Override
        public void remove(String key) {
            org.apache.logging.log4j.ThreadContext.remove(key);
        }
    }

    private static final class JBossMdc implements Mdc {
        @Override
        public void put(String key, String value) {
            org.jboss.logging.MDC.put(key, value);
        }

        @Override
        public void remove(String key) {
            org.jboss.logging.MDC.remove(key);
        }
    }
}
