package io.fahren.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.SharedPoolStats;
import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.TenantPoolStats;
import io.fahren.TenantProvisioningException;
import io.fahren.impl.FahrenExtension;
import io.fahren.internal.LifecycleTelemetry;
import io.fahren.internal.PoolStatsSource;
import io.fahren.test.Journal;
import io.fahren.test.ResourceA;
import io.fahren.test.ResourceB;
import io.fahren.test.TestConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fahren's spans and metrics, exported to the OpenTelemetry SDK's in-memory exporters: the
 * application's {@code OpenTelemetry} bean is what Fahren reports to.
 */
class TelemetryTest {

    static InMemorySpanExporter spans;
    static InMemoryMetricReader metrics;

    /** The application's OpenTelemetry, as MicroProfile Telemetry would provide it. */
    @ApplicationScoped
    public static class Sdk {
        @Produces
        @ApplicationScoped
        OpenTelemetry openTelemetry() {
            return OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                    .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                    .build();
        }
    }

    /** A module's pools, as fahren-postgres or fahren-redis-cdi would report them. */
    @ApplicationScoped
    public static class Pools implements PoolStatsSource {
        @Override
        public String name() {
            return "postgres";
        }

        @Override
        public Optional<TenantPoolStats> poolStats() {
            return Optional.of(new TenantPoolStats(3, 50, 2, 4, 20, 1, 7,
                    Map.of(TenantId.of("broken"), Duration.ofSeconds(90))));
        }

        @Override
        public Optional<SharedPoolStats> sharedPoolStats() {
            return Optional.of(SharedPoolStats.of(5, 3, 10, 2, 6));
        }
    }

    @BeforeEach
    void freshExporters() {
        spans = InMemorySpanExporter.create();
        metrics = InMemoryMetricReader.create();
    }

    private static WeldContainer start(Map<String, String> config) {
        try (TestConfig ignored = TestConfig.with(config)) {
            return new Weld().disableDiscovery().addExtension(new FahrenExtension())
                    .addBeanClasses(Sdk.class, Journal.class, ResourceA.class, ResourceB.class).initialize();
        }
    }

    private static MetricData metric(Collection<MetricData> all, String name) {
        return all.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all));
    }

    @Test
    void createAndDeleteAreSpansWithAChildPerResourceStep() {
        try (WeldContainer container = start(Map.of())) {
            TenantManagement management = container.select(TenantManagement.class).get();
            management.createTenant("acme");
            management.deleteTenant("acme");
        }
        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData create = finished.stream().filter(s -> s.getName().equals("fahren.tenant.create")).findFirst().orElseThrow();
        assertThat(create.getAttributes().get(AttributeKey.stringKey("fahren.tenant.id"))).isEqualTo("acme");
        List<String> createSteps = finished.stream()
                .filter(s -> s.getParentSpanId().equals(create.getSpanId()))
                .map(s -> s.getName() + " " + s.getAttributes().get(AttributeKey.stringKey("fahren.resource")))
                .toList();
        assertThat(createSteps).containsExactly("fahren.tenant.provision b", "fahren.tenant.provision a");
        SpanData delete = finished.stream().filter(s -> s.getName().equals("fahren.tenant.delete")).findFirst().orElseThrow();
        assertThat(finished.stream().filter(s -> s.getParentSpanId().equals(delete.getSpanId())).map(SpanData::getName))
                .containsExactly("fahren.tenant.deprovision", "fahren.tenant.deprovision");
    }

    @Test
    void aFailedCreateIsAnErrorSpanAndCountsAFailureAtItsStepWithoutTheTenantId() {
        try (WeldContainer container = start(Map.of())) {
            container.select(Journal.class).get().failOn("a.provision");
            TenantManagement management = container.select(TenantManagement.class).get();
            assertThatThrownBy(() -> management.createTenant("globex")).isInstanceOf(TenantProvisioningException.class);
            Collection<MetricData> collected = metrics.collectAllMetrics();
            LongPointData failure = metric(collected, "fahren.tenant.operation.failures").getLongSumData().getPoints()
                    .stream().filter(p -> "a".equals(p.getAttributes().get(AttributeKey.stringKey("fahren.step"))))
                    .findFirst().orElseThrow();
            assertThat(failure.getValue()).isEqualTo(1);
            assertThat(failure.getAttributes().get(AttributeKey.stringKey("fahren.operation"))).isEqualTo("create");
            assertThat(failure.getAttributes().asMap().keySet().stream().map(AttributeKey::getKey))
                    .doesNotContain("fahren.tenant.id");
        }
        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData create = finished.stream().filter(s -> s.getName().equals("fahren.tenant.create")).findFirst().orElseThrow();
        assertThat(create.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
        assertThat(finished.stream().filter(s -> s.getParentSpanId().equals(create.getSpanId()))
                .map(s -> s.getName() + " " + s.getAttributes().get(AttributeKey.stringKey("fahren.resource"))))
                .containsExactly("fahren.tenant.provision b", "fahren.tenant.provision a", "fahren.tenant.compensate b");
    }

    @Test
    void durationsAndTenantsByStateAreMetricsAndTheTenantIdOnlyWhenSwitchedOn() {
        try (WeldContainer container = start(Map.of("fahren.telemetry.tenant-attribute", "true"))) {
            TenantManagement management = container.select(TenantManagement.class).get();
            management.createTenant("initech");
            management.createTenant("umbrella");
            Collection<MetricData> collected = metrics.collectAllMetrics();
            List<HistogramPointData> durations = List.copyOf(metric(collected, "fahren.tenant.operation.duration")
                    .getHistogramData().getPoints());
            assertThat(durations.stream().filter(p -> "success".equals(p.getAttributes()
                    .get(AttributeKey.stringKey("fahren.outcome")))).map(p -> p.getAttributes()
                    .get(AttributeKey.stringKey("fahren.tenant.id")))).contains("initech", "umbrella");
            Map<String, Long> byState = metric(collected, "fahren.tenants").getLongGaugeData().getPoints().stream()
                    .collect(Collectors.toMap(p -> p.getAttributes().get(AttributeKey.stringKey("fahren.tenant.state")),
                            LongPointData::getValue));
            assertThat(byState).containsEntry("ACTIVE", 2L);
        }
    }

    @Test
    void bulkMigrationProgressIsAGauge() {
        try (WeldContainer container = start(Map.of())) {
            assertThat(metrics.collectAllMetrics()).noneMatch(m -> m.getName().equals("fahren.migrations.tenants"));
            LifecycleTelemetry.migrations(10, 4, 1);
            Map<String, Long> progress = metric(metrics.collectAllMetrics(), "fahren.migrations.tenants")
                    .getLongGaugeData().getPoints().stream()
                    .collect(Collectors.toMap(p -> p.getAttributes().get(AttributeKey.stringKey("fahren.migration.state")),
                            LongPointData::getValue));
            assertThat(progress).containsExactlyInAnyOrderEntriesOf(Map.of("total", 10L, "done", 4L, "failed", 1L));
        }
    }

    private static Map<String, Long> byAttribute(Collection<MetricData> collected, String metric, String attribute) {
        return metric(collected, metric).getLongGaugeData().getPoints().stream()
                .collect(Collectors.toMap(p -> String.valueOf(p.getAttributes().get(AttributeKey.stringKey(attribute))),
                        LongPointData::getValue));
    }

    @Test
    void eachModulesPoolsAreMetricsWithoutTenantIds() {
        try (TestConfig ignored = TestConfig.with(Map.of());
                WeldContainer container = new Weld().disableDiscovery().addExtension(new FahrenExtension())
                        .addBeanClasses(Sdk.class, Pools.class).initialize()) {
            Collection<MetricData> collected = metrics.collectAllMetrics();
            assertThat(byAttribute(collected, "fahren.pool.tenant_pools", "fahren.module")).containsEntry("postgres", 3L);
            assertThat(byAttribute(collected, "fahren.pool.connections", "fahren.connection.state"))
                    .containsEntry("active", 2L).containsEntry("idle", 4L);
            assertThat(byAttribute(collected, "fahren.pool.cap_waiting", "fahren.module")).containsEntry("postgres", 1L);
            assertThat(byAttribute(collected, "fahren.pool.failing_tenants", "fahren.module"))
                    .containsEntry("postgres", 1L);
            assertThat(byAttribute(collected, "fahren.pool.shared.connections", "fahren.connection.state"))
                    .containsEntry("active", 5L).containsEntry("idle", 3L);
            assertThat(byAttribute(collected, "fahren.pool.shared.waiting", "fahren.module")).containsEntry("postgres", 2L);
            assertThat(metric(collected, "fahren.pool.evictions").getLongSumData().getPoints())
                    .extracting(LongPointData::getValue).containsExactly(7L);
            assertThat(metric(collected, "fahren.binding.failures").getLongSumData().getPoints())
                    .extracting(LongPointData::getValue).containsExactly(6L);
            assertThat(collected.toString()).doesNotContain("broken");
        }
    }

    @Test
    void switchedOffNothingIsReported() {
        try (WeldContainer container = start(Map.of("fahren.telemetry.enabled", "false"))) {
            container.select(TenantManagement.class).get().createTenant("hooli");
        }
        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }
}
