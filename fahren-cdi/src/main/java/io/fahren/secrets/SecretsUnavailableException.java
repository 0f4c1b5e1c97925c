package io.fahren.secrets;

import io.fahren.FahrenException;

/**
 * The secrets backend cannot be reached, or refuses Fahren's credentials. The message names the
 * address and the configuration key to check; it never contains a token or a secret value.
 *
 * <pre>{@code
 * try {
 *     secrets.read(path);
 * } catch (SecretsUnavailableException e) {
 *     // retry later; existing tenant pools keep working
 * }
 * }</pre>
 */
public class SecretsUnavailableException extends FahrenException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message the backend, what failed and which key to check
     * @param cause the client's exception
     */
    public SecretsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
