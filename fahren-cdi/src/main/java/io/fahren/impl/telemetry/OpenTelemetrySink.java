package io.fahren.impl.telemetry;

import io.fahren.SharedPoolStats;
import io.fahren.TenantId;
import io.fahren.TenantPoolStats;
import io.fahren.TenantState;
import io.fahren.internal.LifecycleTelemetry;
import io.fahren.internal.PoolStatsSource;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fahren's metrics and traces through the OpenTelemetry API (MicroProfile Telemetry 2.x in a
 * container, the application's SDK in Java SE).
 *
 * <ul>
 *   <li>A span {@code fahren.tenant.create} or {@code fahren.tenant.delete} per operation, with a
 *       child span per resource step ({@code fahren.tenant.provision}, {@code .deprovision},
 *       {@code .compensate}, attribute {@code fahren.resource}).</li>
 *   <li>{@code fahren.tenant.operation.duration} (s) and {@code fahren.tenant.operation.failures},
 *       by operation, outcome and failed step.</li>
 *   <li>Observed: {@code fahren.tenants} by state, and per module the per-tenant pools, their
 *       connections, evictions, threads waiting for the connection cap and failing tenants.</li>
 * </ul>
 *
 * <p>Tenant ids are a span attribute, but a metric attribute only with
 * {@code fahren.telemetry.tenant-attribute=true}: one time series per tenant can overwhelm a
 * metrics backend.
 */
public final class OpenTelemetrySink implements LifecycleTelemetry.Sink, AutoCloseable {

    static final String SCOPE = "io.fahren";
    static final AttributeKey<String> TENANT = AttributeKey.stringKey("fahren.tenant.id");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("fahren.operation");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("fahren.outcome");
    static final AttributeKey<String> STEP = AttributeKey.stringKey("fahren.step");
    static final AttributeKey<String> RESOURCE = AttributeKey.stringKey("fahren.resource");
    static final AttributeKey<String> ERROR = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> STATE = AttributeKey.stringKey("fahren.tenant.state");
    static final AttributeKey<String> MODULE = AttributeKey.stringKey("fahren.module");
    static final AttributeKey<String> CONNECTION_STATE = AttributeKey.stringKey("fahren.connection.state");
    static final AttributeKey<String> MIGRATION_STATE = AttributeKey.stringKey("fahren.migration.state");

    private static final Logger LOG = Logger.getLogger(OpenTelemetrySink.class.getName());

    private final Tracer tracer;
    private final DoubleHistogram duration;
    private final LongCounter failures;
    private final boolean tenantAttribute;
    private final List<AutoCloseable> observers = new ArrayList<>();
    /** The latest bulk migration: total, done, failed; all -1 before the first. */
    private final AtomicLongArray migrations = new AtomicLongArray(new long[] {-1, -1, -1});

    /**
     * @param openTelemetry where to report
     * @param tenantAttribute whether metrics carry the tenant id
     * @param tenantsByState counts the registry's tenants by state
     * @param pools the modules' per-tenant pools
     */
    public OpenTelemetrySink(OpenTelemetry openTelemetry, boolean tenantAttribute,
            Supplier<Map<TenantState, Long>> tenantsByState, Supplier<List<PoolStatsSource>> pools) {
        this.tenantAttribute = tenantAttribute;
        this.tracer = openTelemetry.getTracer(SCOPE);
        Meter meter = openTelemetry.getMeter(SCOPE);
        this.duration = meter.histogramBuilder("fahren.tenant.operation.duration").setUnit("s")
                .setDescription("How long createTenant and deleteTenant took").build();
        this.failures = meter.counterBuilder("fahren.tenant.operation.failures")
                .setDescription("createTenant and deleteTenant calls that failed, by the step that failed").build();
        observers.add(meter.gaugeBuilder("fahren.tenants").ofLongs()
                .setDescription("Tenants in the registry, by state")
                .buildWithCallback(m -> observeTenants(m, tenantsByState)));
        observers.add(meter.gaugeBuilder("fahren.pool.tenant_pools").ofLongs()
                .setDescription("Per-tenant pools open")
                .buildWithCallback(m -> observePools(pools, (stats, module) ->
                        m.record(stats.openPools(), module))));
        observers.add(meter.gaugeBuilder("fahren.pool.connections").ofLongs()
                .setDescription("Connections of the per-tenant pools, active or idle")
                .buildWithCallback(m -> observePools(pools, (stats, module) -> {
                    m.record(stats.activeConnections(), module.toBuilder().put(CONNECTION_STATE, "active").build());
                    m.record(stats.idleConnections(), module.toBuilder().put(CONNECTION_STATE, "idle").build());
                })));
        observers.add(meter.counterBuilder("fahren.pool.evictions")
                .setDescription("Per-tenant pools closed for being least recently used or idle")
                .buildWithCallback(m -> observePools(pools, (stats, module) -> m.record(stats.evictions(), module))));
        observers.add(meter.gaugeBuilder("fahren.pool.cap_waiting").ofLongs()
                .setDescription("Threads waiting for a connection under the cap across all per-tenant pools")
                .buildWithCallback(m -> observePools(pools, (stats, module) ->
                        m.record(stats.waitingForCap(), module))));
        observers.add(meter.gaugeBuilder("fahren.pool.shared.connections").ofLongs()
                .setDescription("Connections of the pool every tenant shares, active or idle")
                .buildWithCallback(m -> observeShared(pools, (stats, module) -> {
                    m.record(stats.activeConnections(), module.toBuilder().put(CONNECTION_STATE, "active").build());
                    m.record(stats.idleConnections(), module.toBuilder().put(CONNECTION_STATE, "idle").build());
                })));
        observers.add(meter.gaugeBuilder("fahren.pool.shared.waiting").ofLongs()
                .setDescription("Threads waiting for a connection of the pool every tenant shares")
                .buildWithCallback(m -> observeShared(pools, (stats, module) -> m.record(stats.waiting(), module))));
        observers.add(meter.counterBuilder("fahren.binding.failures")
                .setDescription("Bindings of a shared connection to a tenant that failed")
                .buildWithCallback(m -> observeShared(pools, (stats, module) ->
                        m.record(stats.bindingFailures(), module))));
        observers.add(meter.gaugeBuilder("fahren.migrations.tenants").ofLongs()
                .setDescription("The latest bulk migration of every tenant: tenants in it, done and failed")
                .buildWithCallback(m -> {
                    if (migrations.get(0) >= 0) {
                        m.record(migrations.get(0), Attributes.of(MIGRATION_STATE, "total"));
                        m.record(migrations.get(1), Attributes.of(MIGRATION_STATE, "done"));
                        m.record(migrations.get(2), Attributes.of(MIGRATION_STATE, "failed"));
                    }
                }));
        observers.add(meter.gaugeBuilder("fahren.pool.failing_tenants").ofLongs()
                .setDescription("Tenants whose every attempt to connect fails")
                .buildWithCallback(m -> observePools(pools, (stats, module) ->
                        m.record(stats.failingTenants().size(), module))));
    }

    @Override
    public LifecycleTelemetry.Operation start(String operation, TenantId tenantId) {
        Span span = tracer.spanBuilder("fahren.tenant." + operation).setAttribute(TENANT, tenantId.value()).startSpan();
        Scope current = span.makeCurrent();
        long started = System.nanoTime();
        return new LifecycleTelemetry.Operation() {
            @Override
            public LifecycleTelemetry.Step step(String action, String resource) {
                Span step = tracer.spanBuilder("fahren.tenant." + action).setAttribute(RESOURCE, resource)
                        .setAttribute(TENANT, tenantId.value()).startSpan();
                return failure -> finish(step, failure);
            }

            @Override
            public void end(Throwable failure, String failedStep) {
                AttributesBuilder attributes = Attributes.builder().put(OPERATION, operation)
                        .put(OUTCOME, failure == null ? "success" : "failure");
                if (tenantAttribute) {
                    attributes.put(TENANT, tenantId.value());
                }
                duration.record((System.nanoTime() - started) / 1e9, attributes.build());
                if (failure != null) {
                    failures.add(1, attributes.put(STEP, failedStep == null ? "none" : failedStep)
                            .put(ERROR, failure.getClass().getSimpleName()).build());
                }
                current.close();
                finish(span, failure);
            }
        };
    }

    @Override
    public void migrations(int total, int done, int failed) {
        migrations.set(0, total);
        migrations.set(1, done);
        migrations.set(2, failed);
    }

    private static void finish(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        }
        span.end();
    }

    private static void observeTenants(ObservableLongMeasurement measurement,
            Supplier<Map<TenantState, Long>> tenantsByState) {
        try {
            tenantsByState.get().forEach((state, count) ->
                    measurement.record(count, Attributes.of(STATE, state.name())));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "fahren.tenants not observed: the registry did not answer", e);
        }
    }

    @FunctionalInterface
    private interface PoolMeasure {
        void record(TenantPoolStats stats, Attributes module);
    }

    private static void observePools(Supplier<List<PoolStatsSource>> pools, PoolMeasure measure) {
        for (PoolStatsSource source : pools.get()) {
            source.poolStats().ifPresent(stats -> measure.record(stats, Attributes.of(MODULE, source.name())));
        }
    }

    @FunctionalInterface
    private interface SharedMeasure {
        void record(SharedPoolStats stats, Attributes module);
    }

    private static void observeShared(Supplier<List<PoolStatsSource>> pools, SharedMeasure measure) {
        for (PoolStatsSource source : pools.get()) {
            source.sharedPoolStats().ifPresent(stats -> measure.record(stats, Attributes.of(MODULE, source.name())));
        }
    }

    /** Stops the observed instruments' callbacks, at shutdown. */
    @Override
    public void close() {
        for (AutoCloseable observer : observers) {
            try {
                observer.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "Closing a Fahren metric callback failed", e);
            }
        }
    }
}
