package io.fahren;

/**
 * Thrown when code that needs a current tenant runs without one.
 *
 * <p>Fahren never falls back to a default tenant or to "all tenants". Set a tenant first:
 *
 * <pre>{@code
 * Tenants.runAs("acme", () -> orders.list());
 * }</pre>
 */
public class NoTenantException extends FahrenException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what needed a tenant and how to set one
     */
    public NoTenantException(String message) {
        super(message);
    }
}
