package io.fahren.impl.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Adds the two health checks. Kept apart from the extension, which calls it only when
 * MicroProfile Health is on the class path, so the extension itself never links to it.
 */
public final class HealthRegistration {

    private HealthRegistration() {
    }

    /**
     * @param event the extension's event
     * @param idPrefix the prefix of the annotated types' ids
     */
    public static void registerChecks(BeforeBeanDiscovery event, String idPrefix) {
        event.addAnnotatedType(FahrenReadiness.class, idPrefix + FahrenReadiness.class.getSimpleName())
                .add(ApplicationScoped.Literal.INSTANCE).add(Readiness.Literal.INSTANCE);
        event.addAnnotatedType(FahrenLiveness.class, idPrefix + FahrenLiveness.class.getSimpleName())
                .add(ApplicationScoped.Literal.INSTANCE).add(Liveness.Literal.INSTANCE);
    }
}
