package io.fahren.flyway.impl.cdi;

import static io.fahren.flyway.impl.cdi.MigrationConfigKey.LOCATIONS;
import static io.fahren.flyway.impl.cdi.MigrationConfigKey.ON_CREATE;
import static io.fahren.flyway.impl.cdi.MigrationConfigKey.ON_FAILURE;
import static io.fahren.flyway.impl.cdi.MigrationConfigKey.ON_STARTUP;
import static io.fahren.flyway.impl.cdi.MigrationConfigKey.PARALLELISM;
import static io.fahren.flyway.impl.cdi.MigrationConfigKey.PREFIX;
import static io.fahren.flyway.impl.cdi.MigrationConfigKey.PROGRESS_INTERVAL;

import io.fahren.flyway.MigrationOptions;
import io.fahren.internal.ConfigValues;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The typed view of {@code fahren.migrations.*}, read and checked at deployment.
 *
 * @param options how Flyway runs
 * @param onCreate whether {@code createTenant} migrates the new tenant
 * @param onStartup what happens to every tenant when the application starts
 */
record MigrationSettings(MigrationOptions options, boolean onCreate, Startup onStartup) {

    /** What {@code fahren.migrations.on-startup} may say. */
    enum Startup {
        /** Nothing. */
        NONE,
        /** {@code migrateAll}. */
        MIGRATE
    }

    /**
     * @param config MicroProfile Config
     * @param problems where each problem is added
     * @return the settings, or empty when there were problems
     */
    static Optional<MigrationSettings> load(Config config, List<String> problems) {
        int before = problems.size();
        ConfigValues.rejectUnknown(config, PREFIX, Arrays.stream(MigrationConfigKey.values())
                .map(MigrationConfigKey::key).toList(), name -> false, problems);
        List<String> locations = Arrays.stream(ConfigValues.get(config, LOCATIONS.key()).orElse(LOCATIONS.defaultValue())
                .split(",")).map(String::trim).filter(l -> !l.isEmpty()).toList();
        if (locations.isEmpty()) {
            problems.add(LOCATIONS.key() + " names no location; set it to where the scripts are, for example "
                    + LOCATIONS.defaultValue() + ".");
        }
        int parallelism = ConfigValues.positive(config, PARALLELISM.key(), problems).orElse(PARALLELISM.defaultInt());
        int progress = ConfigValues.positive(config, PROGRESS_INTERVAL.key(), problems)
                .orElse(PROGRESS_INTERVAL.defaultInt());
        boolean onCreate = ConfigValues.bool(config, ON_CREATE.key(), problems).orElse(ON_CREATE.defaultBoolean());
        Startup onStartup = ConfigValues.oneOf(config, ON_STARTUP.key(), Startup.class, problems).orElse(Startup.NONE);
        MigrationOptions.OnFailure onFailure = ConfigValues.oneOf(config, ON_FAILURE.key(),
                MigrationOptions.OnFailure.class, problems).orElse(MigrationOptions.OnFailure.REFUSE);
        checkConnectionCap(config, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new MigrationSettings(MigrationOptions.builder().locations(locations).parallelism(parallelism)
                .progressInterval(Duration.ofSeconds(progress)).onFailure(onFailure).build(), onCreate, onStartup));
    }

    /**
     * A migration holds two connections (Flyway's and its history's); with the strategies whose
     * tenant pools share a server-connection cap, migrations count against it, so a cap below two
     * would make every migration wait for a connection it can never get.
     */
    private static void checkConnectionCap(Config config, List<String> problems) {
        String isolation = ConfigValues.get(config, "fahren.postgres.isolation").orElse("");
        boolean capped = isolation.equalsIgnoreCase("database") || isolation.equalsIgnoreCase("schema")
                && ConfigValues.get(config, "fahren.postgres.schema.per-tenant-logins").orElse("false")
                        .equalsIgnoreCase("true");
        Optional<String> cap = ConfigValues.get(config, "fahren.postgres.pool.max-connections");
        if (capped && cap.isPresent()) {
            try {
                if (Integer.parseInt(cap.get()) < 2) {
                    problems.add("fahren.postgres.pool.max-connections is " + cap.get() + ", but a tenant's migration "
                            + "holds two connections, counted against that cap. Raise it to 2 or more.");
                }
            } catch (NumberFormatException e) {
                // fahren-postgres reports it
            }
        }
    }
}
