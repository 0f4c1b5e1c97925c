package io.fahren;

/**
 * Thrown when a string is not an acceptable tenant id.
 *
 * <p>The message quotes the rule that was broken. The offending input is escaped (anything
 * outside printable ASCII, quotes, backslashes and HTML metacharacters become {@code \\uXXXX})
 * and truncated, so the message is safe to log and to return in an HTTP problem body.
 *
 * <pre>{@code
 * try {
 *     TenantId.of(request.getHeader("X-Tenant-ID"));
 * } catch (InvalidTenantIdException e) {
 *     return Response.status(400).entity(e.getMessage()).build();
 * }
 * }</pre>
 */
public class InvalidTenantIdException extends FahrenException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    /**
     * @param message the full, already escaped message
     * @param rule the pattern or rule that the input broke
     */
    public InvalidTenantIdException(String message, String rule) {
        super(message);
        this.rule = rule;
    }

    /**
     * @return the pattern or rule the rejected input broke
     */
    public String rule() {
        return rule;
    }
}
