package io.fahren.postgres.impl;

import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.PostgresTenants;
import io.fahren.secrets.TenantSecrets;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Owns the configured {@link Postgres}, its management side and its tenants side, opened on first
 * use and closed with the application.
 *
 * <p>Application scoped; the scope is added by {@link PostgresExtension}.
 */
public class PostgresRuntime {

    @Inject
    PostgresExtension extension;

    @Inject
    Instance<TenantSecrets> secrets;

    private Postgres postgres;
    private PostgresManagement management;
    private PostgresTenants tenants;

    synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = extension.settings().open(secrets::get);
        }
        return postgres;
    }

    synchronized PostgresManagement management() {
        if (management == null) {
            management = postgres().forManagement();
        }
        return management;
    }

    synchronized PostgresTenants tenants() {
        if (tenants == null) {
            tenants = postgres().forTenants(extension.settings().tenants());
        }
        return tenants;
    }

    @PreDestroy
    synchronized void close() {
        if (tenants != null) {
            tenants.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
