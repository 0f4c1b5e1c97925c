package io.fahren.hibernate;

import io.fahren.Tenants;
import org.hibernate.context.spi.CurrentTenantIdentifierResolver;

/**
 * Tells Hibernate the current tenant: {@link Tenants#require()}. With no tenant, opening a tenant
 * session fails with {@link io.fahren.NoTenantException}, which says how to set one; it never
 * falls back to a default tenant.
 *
 * <pre>{@code
 * hibernate.tenant_identifier_resolver = io.fahren.hibernate.FahrenTenantIdentifierResolver
 * }</pre>
 */
public final class FahrenTenantIdentifierResolver implements CurrentTenantIdentifierResolver<String> {

    @Override
    public String resolveCurrentTenantIdentifier() {
        return Tenants.require().value();
    }

    /** @return true: a session opened for one tenant refuses to be used as another */
    @Override
    public boolean validateExistingCurrentSessions() {
        return true;
    }
}
