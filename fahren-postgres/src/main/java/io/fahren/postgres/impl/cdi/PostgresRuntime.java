package io.fahren.postgres.impl.cdi;

import io.fahren.internal.Exclusive;
import io.fahren.postgres.impl.pool.Pools;
import com.zaxxer.hikari.HikariDataSource;
import io.fahren.postgres.CitusDistribution;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenantRegistry;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.TenantPlacement;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Owns the configured {@link Postgres}, its management side and its tenants side, opened on first
 * use and closed with the application.
 *
 * <p>Application scoped; the scope is added by {@link PostgresExtension}.
 */
public class PostgresRuntime {

    private final Exclusive lock = new Exclusive();

    @Inject
    PostgresExtension extension;

    @Inject
    Instance<TenantSecrets> secrets;

    /** The application's own placement of tenant databases, if it has one. */
    @Inject
    Instance<TenantPlacement> placement;

    private Postgres postgres;
    private PostgresManagement management;
    private CitusDistribution citus;
    private PostgresTenants tenants;
    private HikariDataSource lookupPool;
    private TenantRegistry lookup;

    Postgres postgres() {
        return lock.call(() -> {
            if (postgres == null) {
                postgres = extension.settings().open(secrets::get,
                        placement.isResolvable() ? Optional.of(placement.get()) : Optional.empty());
            }
            return postgres;
        });
    }

    PostgresManagement management() {
        return lock.call(() -> {
            if (management == null) {
                management = postgres().forManagement();
            }
            return management;
        });
    }

    /** @return the Citus step of {@code fahren.postgres.citus} */
    CitusDistribution citus() {
        return lock.call(() -> {
            if (citus == null) {
                citus = postgres().citusDistribution(extension.settings().citus());
            }
            return citus;
        });
    }

    PostgresTenants tenants() {
        return lock.call(() -> {
            if (tenants == null) {
                PostgresSettings settings = extension.settings();
                tenants = settings.servesTenantsOnly() ? settings.openTenantsOnly(secrets::get)
                        : postgres().forTenants(settings.tenants());
            }
            return tenants;
        });
    }

    /**
     * @return the registry: the management database's table, or in an application that serves
     *         tenants only, its one-tenant look-up as the tenants-side login
     */
    TenantRegistry registry() {
        return lock.call(() -> {
            PostgresSettings settings = extension.settings();
            if (!settings.servesTenantsOnly()) {
                return postgres().registry();
            }
            if (lookup == null) {
                lookupPool = Pools.open(settings.tenants(), 2, "fahren-registry-lookup", settings.options().bindingMode());
                lookup = PostgresTenantRegistry.lookupOnly(lookupPool, settings.options().registrySchema());
            }
            return lookup;
        });
    }

    /** @return the tenants side if something has used it, else null: a health check never opens it */
    PostgresTenants peekTenants() {
        return lock.call(() -> tenants);
    }

    /** @return whether this application holds only tenant credentials */
    boolean servesTenantsOnly() {
        return extension.settings().servesTenantsOnly();
    }

    @PreDestroy
    void close() {
        lock.run(() -> {
            if (tenants != null) {
                tenants.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            if (lookupPool != null) {
                lookupPool.close();
            }
        });
    }
}
