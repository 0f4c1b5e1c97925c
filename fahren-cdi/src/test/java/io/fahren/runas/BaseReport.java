package io.fahren.runas;

import io.fahren.Tenants;

/** A method inherited by two beans whose class-level bindings name different tenants. */
public abstract class BaseReport {

    public String whoAmI() {
        return Tenants.require().value();
    }
}
