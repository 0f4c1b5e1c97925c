package io.fahren.postgres.impl.rls;

import io.fahren.FahrenConfigurationException;
import io.fahren.InvalidTenantIdException;
import io.fahren.TenantId;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of an RLS tenant column, and which tenant ids it keeps apart. The policy casts the
 * tenant setting to the column's type, so two ids that cast to one value ({@code 01} and {@code 1}
 * as integers, two spellings of one uuid, {@code umbrella-corp} and {@code umbrella} as {@code
 * varchar(8)}) would share rows. Only ids that survive the cast unchanged are accepted: each type
 * admits exactly its canonical text form. Types that cannot hold every valid id, or that compare
 * loosely ({@code char(n)}, {@code citext}, ...), are refused.
 *
 * <pre>{@code
 * TenantColumnType.of("uuid", table).check(TenantId.of("2f1c..."), table);
 * }</pre>
 */
enum TenantColumnType {
    /** {@code text}, {@code varchar} without a limit, or one that holds every valid id. */
    TEXT(null),
    /** {@code uuid}: lower-case hex in the 8-4-4-4-12 form that PostgreSQL prints. */
    UUID(Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")),
    /** {@code smallint}: decimal without sign or leading zeros, in range. */
    SMALLINT(Pattern.compile("0|[1-9][0-9]{0,4}")),
    /** {@code integer}. */
    INTEGER(Pattern.compile("0|[1-9][0-9]{0,9}")),
    /** {@code bigint}. */
    BIGINT(Pattern.compile("0|[1-9][0-9]{0,18}"));

    private static final Pattern VARCHAR = Pattern.compile("character varying(?:\\((\\d+)\\))?");

    private final Pattern canonical;

    TenantColumnType(Pattern canonical) {
        this.canonical = canonical;
    }

    /**
     * @param formatted the column type as {@code format_type()} prints it
     * @param table the table, for the message
     * @return the supported type
     * @throws FahrenConfigurationException for a type that cannot keep every pair of ids apart
     */
    static TenantColumnType of(String formatted, Object table) {
        Matcher varchar = VARCHAR.matcher(formatted);
        if (formatted.equals("text") || varchar.matches() && (varchar.group(1) == null
                || Integer.parseInt(varchar.group(1)) >= TenantId.MAX_LENGTH)) {
            return TEXT;
        }
        return switch (formatted) {
            case "uuid" -> UUID;
            case "smallint" -> SMALLINT;
            case "integer" -> INTEGER;
            case "bigint" -> BIGINT;
            default -> throw new FahrenConfigurationException("The tenant column of " + table + " is " + formatted
                    + ", which cannot keep every pair of tenant ids apart (shorter varchar or char types cut ids "
                    + "short, others compare loosely). Use text, varchar(" + TenantId.MAX_LENGTH + ") or longer, "
                    + "uuid, smallint, integer or bigint.");
        };
    }

    /**
     * @param tenantId a tenant id
     * @param table the table, for the message
     * @throws InvalidTenantIdException when the id would not come back unchanged from the column's type
     */
    void check(TenantId tenantId, Object table) {
        String id = tenantId.value();
        if (canonical == null || canonical.matcher(id).matches() && inRange(id)) {
            return;
        }
        throw new InvalidTenantIdException("Tenant id '" + id + "' is not the canonical " + name().toLowerCase()
                + " form that the tenant column of " + table + " stores, so it could share rows with another id "
                + "that casts to the same value. Use ids in that form (" + canonical.pattern() + "), or a text "
                + "tenant column.", canonical.pattern());
    }

    private boolean inRange(String id) {
        BigInteger max = switch (this) {
            case SMALLINT -> BigInteger.valueOf(Short.MAX_VALUE);
            case INTEGER -> BigInteger.valueOf(Integer.MAX_VALUE);
            case BIGINT -> BigInteger.valueOf(Long.MAX_VALUE);
            default -> null;
        };
        return max == null || new BigInteger(id).compareTo(max) <= 0;
    }
}
