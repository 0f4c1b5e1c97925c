package io.fahren.bench;


import io.fahren.TenantId;
import io.fahren.testing.FahrenExtensions;
import io.fahren.Tenants;
import io.fahren.redis.Redis;
import java.util.Locale;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** The cost of a {@code @TenantScoped} call against an {@code @ApplicationScoped} one. */
final class ScopesBench {

    private final Benchmarks report;

    ScopesBench(Benchmarks report) {
        this.report = report;
    }

    void scopes() {
        try (WeldContainer weld = new Weld().disableDiscovery().addExtensions(FahrenExtensions.of(TenantId.class))
                .addBeanClasses(ScopedCounter.class, AppCounter.class).initialize()) {
            ScopedCounter scoped = weld.select(ScopedCounter.class).get();
            AppCounter app = weld.select(AppCounter.class).get();
            TenantId tenant = TenantId.of("acme");
            int n = 5_000_000;
            double scopedNanos = 0;
            double appNanos = 0;
            for (int round = 0; round < 5; round++) {
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Tenants.runAs(tenant, scoped::increment);
                }
                long middle = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    app.increment();
                }
                long end = System.nanoTime();
                if (round > 0) { // the first round is warm-up
                    scopedNanos += (middle - start) / (double) n / 4;
                    appNanos += (end - middle) / (double) n / 4;
                }
            }
            report.line(String.format(Locale.ROOT, "| `Tenants.runAs` + `@TenantScoped` call vs `@ApplicationScoped` call "
                    + "| %.1f ns | %.1f ns | overhead %.1f ns | <= 100 ns overhead |", scopedNanos, appNanos,
                    scopedNanos - appNanos));
        }
    }
}
