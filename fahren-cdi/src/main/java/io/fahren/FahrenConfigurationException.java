package io.fahren;

/**
 * A configuration value is missing or wrong. The message names the key, the value's problem and
 * the allowed values.
 *
 * <p>In a CDI container these problems are reported as deployment problems, so the application
 * does not start; the exception type appears in the deployment error.
 *
 * <pre>{@code
 * # microprofile-config.properties
 * fahren.tenant.id-pattern=[a-z][a-z0-9]{2,30}
 * }</pre>
 */
public class FahrenConfigurationException extends FahrenException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the key, the problem and the fix
     */
    public FahrenConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message the key, the problem and the fix
     * @param cause the underlying parse failure
     */
    public FahrenConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
