package io.fahren.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Generated tenant ids for fuzzing the code that turns ids into DDL, ACL rules, key prefixes and
 * secret paths: a seeded mix of valid ids and hostile ones (quotes, backslashes, {@code $$},
 * {@code ;}, comments, white space and control characters, upper case, unicode look-alikes,
 * lengths of 56, 57, 63 and 64 bytes, multi-byte characters, the glob characters
 * {@code * ? [ ]}, {@code :}, path and format characters, and SQL words that are valid ids).
 *
 * <pre>{@code
 * long seed = TenantIdFuzz.seed();                 // printed; -Dfahren.fuzz.seed=... replays a run
 * for (String id : TenantIdFuzz.ids(seed, TenantIdFuzz.size(300))) {
 *     if (TenantIdFuzz.validByDefault(id)) { ... create, check, delete ... }
 *     else { ... expect InvalidTenantIdException ... }
 * }
 * }</pre>
 *
 * <p>Sizes: {@link #size(int)} gives the CI size passed in, {@value #FULL_SIZE} with
 * {@code -Dfahren.fuzz.full=true}, or exactly {@code -Dfahren.fuzz.ids=N}.
 */
public final class TenantIdFuzz {

    /** The number of ids of a full-size run. */
    public static final int FULL_SIZE = 10_000;

    /**
     * The documented default rule for tenant ids, written out here independently of Fahren's own
     * validation so that it can serve as the oracle.
     */
    private static final Pattern DEFAULT_RULE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,55}");

    private static final String VALID_FIRST = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String VALID_REST = VALID_FIRST + "_-";
    private static final String[] HOSTILE = {"'", "\"", "\\", "$$", ";", "--", "/*", "*/", " ", "\t", "\n", "\r",
        "\u0000", "''", "\\'", "%s", "%I", "{tenantId}", "/", "..", "=", ",", "(", ")", "`", "#", "@", "&", "|",
        "<", ">", "+", ".", "!", "~", "^"};
    private static final String[] GLOB = {"*", "?", "[", "]", "[a-z]", "\\*", ":", "::"};
    private static final String[] LOOK_ALIKES = {"\u0430", "\u0435", "\u043e", "\u03bf", "\uff41", "\u0131",
        "\u0130", "\u200b", "\u0301", "\u00e9", "\u00df", "\u2010", "\u2212", "\uff3f", "\u00a0", "\ud835\udc1a"};
    private static final String[] SQL_WORDS = {"select", "drop", "public", "pg_catalog", "pg_toast", "information_schema",
        "user", "role", "default", "all", "null", "true", "current_user", "template1", "postgres", "tenant_",
        "fahren", "0", "1e5", "-", "_"};

    private TenantIdFuzz() {
    }

    /**
     * @return the seed from {@code -Dfahren.fuzz.seed}, or a new one; printed to standard output
     *         either way, so a failing run can be replayed
     */
    public static long seed() {
        String configured = System.getProperty("fahren.fuzz.seed");
        long seed = configured == null || configured.isBlank() ? new SplittableRandom().nextLong()
                : Long.parseLong(configured.trim());
        System.out.println("fahren tenant-id fuzz seed: " + seed + " (replay with -Dfahren.fuzz.seed=" + seed + ")");
        return seed;
    }

    /**
     * @param ciSize the number of ids for the README's test command
     * @return {@code -Dfahren.fuzz.ids}, else {@value #FULL_SIZE} with {@code -Dfahren.fuzz.full=true},
     *         else {@code ciSize}
     */
    public static int size(int ciSize) {
        Integer exact = Integer.getInteger("fahren.fuzz.ids");
        if (exact != null) {
            return exact;
        }
        return Boolean.getBoolean("fahren.fuzz.full") ? FULL_SIZE : ciSize;
    }

    /**
     * @param id a candidate id
     * @return whether the documented default rule ({@code [a-z0-9][a-z0-9_-]{0,55}}) accepts it
     */
    public static boolean validByDefault(String id) {
        return DEFAULT_RULE.matcher(id).matches();
    }

    /**
     * @param seed the seed
     * @param count how many ids
     * @return {@code count} ids, the same for the same seed; about a third of them valid
     */
    public static List<String> ids(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(next(random));
        }
        return ids;
    }

    private static String next(SplittableRandom random) {
        return switch (random.nextInt(12)) {
            case 0, 1 -> valid(random, 1 + random.nextInt(20));
            case 2 -> valid(random, random.nextBoolean() ? 56 : 1);
            case 3 -> valid(random, 57 + random.nextInt(3) * 3); // 57, 60, 63
            case 4 -> valid(random, 64 + random.nextInt(10));
            case 5 -> upperCase(random);
            case 6 -> insert(random, valid(random, 1 + random.nextInt(12)), pick(random, HOSTILE));
            case 7 -> insert(random, valid(random, 1 + random.nextInt(12)), pick(random, LOOK_ALIKES));
            case 8 -> insert(random, valid(random, 1 + random.nextInt(12)), pick(random, GLOB));
            case 9 -> pick(random, SQL_WORDS) + (random.nextBoolean() ? "" : "-" + valid(random, 3));
            case 10 -> multiByte(random);
            default -> random.nextBoolean() ? "" : pick(random, HOSTILE) + valid(random, 4);
        };
    }

    private static String valid(SplittableRandom random, int length) {
        StringBuilder id = new StringBuilder(length);
        id.append(VALID_FIRST.charAt(random.nextInt(VALID_FIRST.length())));
        while (id.length() < length) {
            id.append(VALID_REST.charAt(random.nextInt(VALID_REST.length())));
        }
        return id.toString();
    }

    private static String upperCase(SplittableRandom random) {
        char[] id = valid(random, 2 + random.nextInt(15)).toCharArray();
        int at = random.nextInt(id.length);
        id[at] = Character.isLetter(id[at]) ? Character.toUpperCase(id[at]) : 'Q';
        return new String(id);
    }

    /** Up to 63 or 64 bytes in UTF-8 with fewer characters: ids that fit by characters but not by bytes. */
    private static String multiByte(SplittableRandom random) {
        StringBuilder id = new StringBuilder("a");
        int target = random.nextBoolean() ? 63 : 64;
        while (id.toString().getBytes(StandardCharsets.UTF_8).length < target - 1) {
            id.append(random.nextBoolean() ? "\u00e9" : "b");
        }
        return id.toString();
    }

    private static String insert(SplittableRandom random, String base, String part) {
        int at = random.nextInt(base.length() + 1);
        return base.substring(0, at) + part + base.substring(at);
    }

    private static String pick(SplittableRandom random, String[] from) {
        return from[random.nextInt(from.length)];
    }
}
