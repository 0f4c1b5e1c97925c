package io.fahren;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules a tenant id must obey: the fixed safety rule and the configured pattern.
 *
 * <p>The active policy is held per class loader (one per deployed application when Fahren is
 * packaged in the application). The CDI extension installs the one configured with
 * {@code fahren.tenant.id-pattern} at deployment and resets it at shutdown; a Java SE application
 * without CDI may {@linkplain #install(TenantIdPolicy) install} one itself before it parses any
 * tenant id. Whatever the pattern, every id also obeys {@link #SAFETY_RULE}, so ids stay safe in
 * SQL identifiers, Redis key patterns, ACL rules and secret paths.
 */
public final class TenantIdPolicy {

    /** The rule no configuration can relax. */
    public static final String SAFETY_RULE = "[A-Za-z0-9][A-Za-z0-9_-]{0," + (TenantId.MAX_LENGTH - 1) + "}";

    private static final Pattern SAFE = Pattern.compile(SAFETY_RULE);
    private static final int MAX_ECHO = 64;

    /** Characters a configured pattern must never admit; each one is probed at deployment. */
    private static final String FORBIDDEN = "'\"`\\*?[]:; \t\n\r\u000b\f\u0000\u001b\u007f\u0085\u00a0\u2028\u2029\u3000";
    private static final String[] PROBE_SHAPES = {"%s", "a%s", "%sa", "a%sa", "0%s0", "tenant%s1", "A%sB", "a%s%sa"};

    private static final TenantIdPolicy DEFAULT = new TenantIdPolicy(Pattern.compile(TenantId.DEFAULT_PATTERN));
    private static volatile TenantIdPolicy active = DEFAULT;

    private final Pattern pattern;

    private TenantIdPolicy(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * @return the policy in force: the configured one inside a running CDI container, else the default
     */
    public static TenantIdPolicy active() {
        return active;
    }

    /**
     * @return the policy with the default pattern
     */
    public static TenantIdPolicy defaultPolicy() {
        return DEFAULT;
    }

    /** @param policy the policy every {@code TenantId} is checked against from now on (the CDI extension sets it) */
    public static void install(TenantIdPolicy policy) {
        active = policy;
    }

    /** Goes back to the default policy (at shutdown). */
    public static void reset() {
        active = DEFAULT;
    }

    /**
     * Compiles and checks a configured pattern.
     *
     * @param regex the value of {@code fahren.tenant.id-pattern}
     * @return the policy
     * @throws FahrenConfigurationException when the pattern does not compile or admits a forbidden character
     */
    public static TenantIdPolicy fromPattern(String regex) {
        Pattern compiled;
        try {
            compiled = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new FahrenConfigurationException("fahren.tenant.id-pattern is not a valid regular expression ("
                    + e.getDescription() + "). Use a Java regex such as " + TenantId.DEFAULT_PATTERN + ".", e);
        }
        List<String> admitted = admittedForbiddenCharacters(compiled);
        if (!admitted.isEmpty()) {
            throw new FahrenConfigurationException("fahren.tenant.id-pattern '" + escape(regex)
                    + "' admits forbidden characters " + admitted + ". Tenant ids must never contain quotes, "
                    + "white space, control characters, ':', ';' or the glob characters * ? [ ] \\. "
                    + "Restrict the pattern to letters, digits, '_' and '-', like the default "
                    + TenantId.DEFAULT_PATTERN + ".");
        }
        return new TenantIdPolicy(compiled);
    }

    private static List<String> admittedForbiddenCharacters(Pattern pattern) {
        List<String> admitted = new ArrayList<>();
        for (char c : FORBIDDEN.toCharArray()) {
            String s = String.valueOf(c);
            for (String shape : PROBE_SHAPES) {
                if (pattern.matcher(shape.replace("%s", s)).matches()) {
                    admitted.add(escape(s));
                    break;
                }
            }
        }
        return admitted;
    }

    /**
     * @return the configured pattern
     */
    public String pattern() {
        return pattern.pattern();
    }

    /**
     * @param raw the candidate id
     * @return the id, validated against the configured pattern and the safety rule
     * @throws InvalidTenantIdException when it breaks either
     */
    public TenantId parse(String raw) {
        if (raw == null) {
            throw new InvalidTenantIdException("Tenant id is missing (null). A tenant id must match "
                    + pattern.pattern() + " (fahren.tenant.id-pattern).", pattern.pattern());
        }
        if (!pattern.matcher(raw).matches()) {
            throw new InvalidTenantIdException("Invalid tenant id \"" + escape(raw) + "\": it must match "
                    + pattern.pattern() + " (set by fahren.tenant.id-pattern).", pattern.pattern());
        }
        return new TenantId(raw);
    }

    /**
     * Enforces the safety rule; used by the {@link TenantId} constructor.
     *
     * @param raw the candidate id
     * @throws InvalidTenantIdException when it breaks the safety rule
     */
    public static void requireSafe(String raw) {
        if (raw == null) {
            throw new InvalidTenantIdException("Tenant id is missing (null). Tenant ids must match "
                    + SAFETY_RULE + ".", SAFETY_RULE);
        }
        if (!SAFE.matcher(raw).matches()) {
            throw new InvalidTenantIdException("Invalid tenant id \"" + escape(raw) + "\": every tenant id must match "
                    + SAFETY_RULE + " (ASCII letters, digits, '_' and '-', at most " + TenantId.MAX_LENGTH
                    + " characters), whatever fahren.tenant.id-pattern allows.", SAFETY_RULE);
        }
    }

    /**
     * Escapes untrusted input for messages: printable ASCII other than quotes, backslash and HTML
     * metacharacters is kept, everything else becomes {@code \\uXXXX}; long input is truncated.
     *
     * @param raw untrusted text
     * @return text safe to put in a log line, an exception message or an HTML/JSON body
     */
    public static String escape(String raw) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(raw.length(), MAX_ECHO);
        for (int i = 0; i < limit; i++) {
            char c = raw.charAt(i);
            if (c >= 0x20 && c < 0x7f && "\"'\\<>&`".indexOf(c) < 0) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (raw.length() > MAX_ECHO) {
            out.append("...(").append(raw.length() - MAX_ECHO).append(" more characters)");
        }
        return out.toString();
    }
}
