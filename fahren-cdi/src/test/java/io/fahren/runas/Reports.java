package io.fahren.runas;

import io.fahren.RunAsTenant;
import io.fahren.TenantId;
import io.fahren.TenantParam;
import io.fahren.Tenants;
import jakarta.enterprise.context.ApplicationScoped;

/** Methods that run as a tenant in each supported way. */
@ApplicationScoped
public class Reports {

    @RunAsTenant("acme")
    public String constant() {
        return Tenants.require().value();
    }

    @RunAsTenant
    public String byString(String label, @TenantParam String tenant) {
        return label + ":" + Tenants.require().value();
    }

    @RunAsTenant
    public String byTenantId(@TenantParam TenantId tenant) {
        return Tenants.require().value();
    }

    @RunAsTenant
    public String failing(@TenantParam String tenant) {
        throw new IllegalStateException("failed as " + Tenants.require());
    }
}
