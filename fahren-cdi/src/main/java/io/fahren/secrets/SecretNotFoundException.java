package io.fahren.secrets;

import io.fahren.FahrenException;

/**
 * There is no secret at a path. The message names the path and the provider, never a value.
 *
 * <pre>{@code
 * try {
 *     secrets.read("/tenants/acme/postgres/connection");
 * } catch (SecretNotFoundException e) {
 *     // the tenant was never provisioned, or its secret was deleted
 * }
 * }</pre>
 */
public class SecretNotFoundException extends FahrenException {

    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * @param path the path that holds no secret
     * @param message what was looked up where, and what to do
     */
    public SecretNotFoundException(String path, String message) {
        super(message);
        this.path = path;
    }

    /**
     * @return the path that holds no secret
     */
    public String path() {
        return path;
    }
}
