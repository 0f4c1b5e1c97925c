package io.fahren.it.smoke;

import io.fahren.RunAsTenant;
import io.fahren.TenantParam;
import io.fahren.Tenants;
import jakarta.enterprise.context.ApplicationScoped;

/** Methods that run as a tenant through the interceptor. */
@ApplicationScoped
public class TenantRunner {

    @RunAsTenant
    public String as(@TenantParam String tenant) {
        return Tenants.require().value();
    }

    @RunAsTenant("acme")
    public String asAcme() {
        return Tenants.require().value();
    }
}
