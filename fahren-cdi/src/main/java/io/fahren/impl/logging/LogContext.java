package io.fahren.impl.logging;

import io.fahren.TenantChangeListener;
import io.fahren.TenantId;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps the current tenant id in every logging library's mapped diagnostic context found on the
 * class path (SLF4J's {@code MDC}, Log4j 2's {@code ThreadContext}, JBoss Logging's {@code MDC}),
 * and on Open Liberty in its log record context (JSON logs show it as {@code ext_<key>}), under one
 * key, for exactly as long as the tenant is current on the thread. Entering a tenant
 * puts its id; leaving restores the previous tenant's id or removes the key.
 */
public final class LogContext implements TenantChangeListener.Listener {

    /** One library's diagnostic context. */
    interface Mdc {
        void put(String key, String value);

        void remove(String key);
    }

    private static final String LIBERTY = "com.ibm.websphere.logging.hpel.LogRecordContext";

    private static final List<Library> LIBRARIES = List.of(
            new Library("org.slf4j.MDC", loader -> new Slf4jMdc()),
            new Library("org.apache.logging.log4j.ThreadContext", loader -> new Log4jThreadContext()),
            new Library("org.jboss.logging.MDC", loader -> new JBossMdc()),
            new Library(LIBERTY, LibertyLogRecordContext::new));

    private record Library(String probe, Function<ClassLoader, Mdc> open) {
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
                present.add(library.open().apply(loader));
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

    /**
     * Open Liberty's {@code LogRecordContext}, an IBM API every application sees, reached by
     * reflection so fahren-cdi needs no Liberty jar to build.
     */
    private static final class LibertyLogRecordContext implements Mdc {

        private final MethodHandle add;
        private final MethodHandle remove;

        LibertyLogRecordContext(ClassLoader loader) {
            try {
                Class<?> type = Class.forName(LIBERTY, true, loader);
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                add = lookup.findStatic(type, "addExtension", MethodType.methodType(void.class, String.class,
                        String.class));
                remove = lookup.findStatic(type, "removeExtension", MethodType.methodType(boolean.class,
                        String.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Open Liberty's " + LIBERTY + " is present but not as expected", e);
            }
        }

        @Override
        public void put(String key, String value) {
            try {
                add.invokeExact(key, value);
            } catch (Throwable e) {
                throw new IllegalStateException("LogRecordContext.addExtension failed", e);
            }
        }

        @Override
        public void remove(String key) {
            try {
                boolean removed = (boolean) remove.invokeExact(key);
            } catch (Throwable e) {
                throw new IllegalStateException("LogRecordContext.removeExtension failed", e);
            }
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
