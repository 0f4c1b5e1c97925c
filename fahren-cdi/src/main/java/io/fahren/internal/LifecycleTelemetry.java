package io.fahren.internal;

import io.fahren.TenantId;

/**
 * What {@link TenantLifecycle} reports about each {@code createTenant} and {@code deleteTenant}:
 * the operation, each resource step, and how each ended. One implementation per deployment is
 * installed at deployment validation (OpenTelemetry, when present) and removed at shutdown; until
 * then every call is a no-op.
 */
public final class LifecycleTelemetry {

    /** Receives the reports. */
    public interface Sink {
        /**
         * @param operation {@code create} or {@code delete}
         * @param tenantId the tenant
         * @return the running operation
         */
        Operation start(String operation, TenantId tenantId);

        /**
         * The latest state of a bulk per-tenant migration ({@code fahren-flyway}'s {@code migrateAll}).
         *
         * @param total tenants in the run
         * @param done tenants finished, failed ones included
         * @param failed tenants whose migration failed
         */
        default void migrations(int total, int done, int failed) {
            // nothing by default
        }
    }

    /** One running create or delete. */
    public interface Operation {
        /**
         * @param action {@code provision}, {@code deprovision} or {@code compensate}
         * @param resource the resource's name
         * @return the running step
         */
        Step step(String action, String resource);

        /**
         * @param failure why the operation failed, or null when it succeeded
         * @param failedStep the resource that failed, or null
         */
        void end(Throwable failure, String failedStep);
    }

    /** One resource step. */
    public interface Step {
        /** @param failure why it failed, or null */
        void end(Throwable failure);
    }

    private static final Step NO_STEP = failure -> { };
    private static final Operation NO_OPERATION = new Operation() {
        @Override
        public Step step(String action, String resource) {
            return NO_STEP;
        }

        @Override
        public void end(Throwable failure, String failedStep) {
            // nothing to report to
        }
    };
    private static final Sink NONE = (operation, tenantId) -> NO_OPERATION;

    private static volatile Sink sink = NONE;

    private LifecycleTelemetry() {
    }

    /**
     * @param operation {@code create} or {@code delete}
     * @param tenantId the tenant
     * @return the running operation, reported to the installed sink
     */
    public static Operation start(String operation, TenantId tenantId) {
        return sink.start(operation, tenantId);
    }

    /**
     * @param total tenants in a bulk migration run
     * @param done tenants finished, failed ones included
     * @param failed tenants whose migration failed
     */
    public static void migrations(int total, int done, int failed) {
        sink.migrations(total, done, failed);
    }

    /** @param installed where reports go from now on */
    public static void install(Sink installed) {
        sink = installed;
    }

    /** Stops reporting, at shutdown. */
    public static void reset() {
        sink = NONE;
    }
}
