package io.fahren.internal;

import io.fahren.TenantIdPolicy;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.Config;

/**
 * Typed reads of MicroProfile Config values that report a wrong value as a problem naming the key
 * and the allowed values, shared by every Fahren module's configuration.
 */
public final class ConfigValues {

    private ConfigValues() {
    }

    /**
     * @param config the configuration
     * @param key the property name
     * @return the trimmed value, empty when unset or blank
     */
    public static Optional<String> get(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * @param config the configuration
     * @param key the property name
     * @param type the enum whose lower-case constant names are the allowed values
     * @param problems where a wrong value is reported
     * @param <E> the enum
     * @return the constant, empty when unset or wrong
     */
    public static <E extends Enum<E>> Optional<E> oneOf(Config config, String key, Class<E> type, List<String> problems) {
        return get(config, key).flatMap(raw -> {
            try {
                return Optional.of(Enum.valueOf(type, raw.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add(key + " is '" + TenantIdPolicy.escape(raw) + "'; allowed values are " + allowed(type) + ".");
                return Optional.empty();
            }
        });
    }

    /**
     * @param type an enum
     * @return its constants in lower case, comma-separated
     */
    public static String allowed(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    /**
     * @param config the configuration
     * @param key the property name
     * @param problems where a wrong value is reported
     * @return true or false, empty when unset or wrong
     */
    public static Optional<Boolean> bool(Config config, String key, List<String> problems) {
        return get(config, key).flatMap(raw -> {
            if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
                return Optional.of(Boolean.parseBoolean(raw));
            }
            problems.add(key + " is '" + TenantIdPolicy.escape(raw) + "'; allowed values are true, false.");
            return Optional.empty();
        });
    }

    /**
     * @param config the configuration
     * @param key the property name
     * @param problems where a wrong value is reported
     * @return a positive whole number, empty when unset or wrong
     */
    public static Optional<Integer> positive(Config config, String key, List<String> problems) {
        return get(config, key).flatMap(raw -> {
            try {
                int value = Integer.parseInt(raw);
                if (value > 0) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(key + " is '" + TenantIdPolicy.escape(raw) + "'; it must be a whole number above 0.");
            return Optional.empty();
        });
    }

    /**
     * Reports every property under {@code prefix} that is not a known key.
     *
     * @param config the configuration
     * @param prefix a prefix the module owns, such as {@code fahren.postgres.}
     * @param known the module's keys
     * @param free names under the prefix whose leaves are free (values of the config secrets provider)
     * @param problems where each unknown key is reported with the known ones
     */
    public static void rejectUnknown(Config config, String prefix, Collection<String> known, Predicate<String> free,
            List<String> problems) {
        List<String> siblings = known.stream().filter(k -> k.startsWith(prefix)).sorted().toList();
        // an environment variable such as FAHREN_REDIS_ACL_USER_PREFIX shows up under a name of its
        // own making (fahren.redis.acl.user.prefix); it is known when it names a known key
        Set<String> environmentForms = known.stream().map(ConfigValues::environmentForm).collect(Collectors.toSet());
        StreamSupport.stream(config.getPropertyNames().spliterator(), false)
                .filter(name -> name.startsWith(prefix) && !known.contains(name) && !free.test(name)
                        && !environmentForms.contains(environmentForm(name)))
                .sorted()
                .forEach(name -> problems.add("Unknown configuration key '" + name + "'. Known keys under "
                        + prefix + "* are " + siblings + "."));
    }

    /** @return the key as MicroProfile Config spells it in an environment variable */
    private static String environmentForm(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
