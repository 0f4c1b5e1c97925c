package io.fahren.runas;

import io.fahren.RunAsTenant;
import io.fahren.Tenants;
import jakarta.enterprise.context.ApplicationScoped;

/** A class-level binding applies to every business method. */
@ApplicationScoped
@RunAsTenant("globex")
public class ClassLevelReports {

    public String whoAmI() {
        return Tenants.require().value();
    }
}
