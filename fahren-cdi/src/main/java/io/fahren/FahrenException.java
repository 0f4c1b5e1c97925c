package io.fahren;

/**
 * Root of every exception Fahren throws on purpose.
 *
 * <p>Each subclass names one kind of problem, and every message says what went wrong, for which
 * tenant or resource, and how to fix it. Messages never contain secret values.
 *
 * <pre>{@code
 * try {
 *     management.createTenant("acme");
 * } catch (FahrenException e) {
 *     log.warning(e.getMessage());   // safe to log: no secrets, input escaped
 * }
 * }</pre>
 */
public class FahrenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and how to fix it
     */
    public FahrenException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and how to fix it
     * @param cause the underlying failure
     */
    public FahrenException(String message, Throwable cause) {
        super(message, cause);
    }
}
