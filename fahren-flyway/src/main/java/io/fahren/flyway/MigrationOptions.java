package io.fahren.flyway;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * How {@link TenantMigrations} runs Flyway.
 *
 * <pre>{@code
 * MigrationOptions options = MigrationOptions.builder()
 *         .locations(List.of("classpath:db/tenant"))
 *         .parallelism(4)
 *         .flyway(config -> config.outOfOrder(true))   // any other Flyway setting, passed through
 *         .build();
 * }</pre>
 *
 * @param locations where the migration scripts are, as Flyway locations (default {@code
 *        classpath:db/migration}); the same scripts serve every strategy
 * @param parallelism how many tenants {@link TenantMigrations#migrateAll()} migrates at once
 *        (default 2); each holds one connection while it runs
 * @param progressInterval how often {@link TenantMigrations#migrateAll()} logs its progress
 *        (default 5 s)
 * @param flyway more Flyway settings (out-of-order, placeholders, callbacks, ...), applied last;
 *        the data source, schemas and locations are Fahren's
 * @param onFailure what becomes of a tenant whose migration failed (default {@link
 *        OnFailure#REFUSE})
 * @param progress what hears of a {@code migrateAll} run's progress, besides the log (default:
 *        nothing); called on the thread that runs {@code migrateAll}
 */
public record MigrationOptions(List<String> locations, int parallelism, Duration progressInterval,
        Consumer<FluentConfiguration> flyway, OnFailure onFailure, Consumer<MigrationProgress> progress) {

    /**
     * What becomes of a tenant whose migration failed ({@link TenantMigrations#migrate} or {@code
     * migrateAll}; a failure on {@code createTenant} undoes the create instead). Either way the
     * failure is recorded ({@link MigrationStatus#lastFailure()}) until a migration succeeds.
     */
    public enum OnFailure {
        /**
         * The tenant is marked {@link io.fahren.TenantState#MIGRATION_FAILED} in the registry and
         * the tenants side refuses it, since the application's code expects the new schema; a
         * later successful migration makes it ACTIVE again.
         */
        REFUSE,
        /** The tenant stays ACTIVE and keeps serving at the version before the failed migration. */
        SERVE
    }

    /** Validates and copies. */
    public MigrationOptions {
        locations = List.copyOf(Objects.requireNonNull(locations, "locations"));
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("MigrationOptions.locations is empty: name where the migration scripts "
                    + "are, for example classpath:db/migration");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("MigrationOptions.parallelism must be at least 1, not " + parallelism);
        }
        Objects.requireNonNull(progressInterval, "progressInterval");
        if (progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("MigrationOptions.progressInterval must be positive");
        }
        Objects.requireNonNull(flyway, "flyway");
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(progress, "progress");
    }

    /**
     * @param listener what hears of a run's progress
     * @return these options with that listener
     */
    public MigrationOptions withProgress(Consumer<MigrationProgress> listener) {
        return new MigrationOptions(locations, parallelism, progressInterval, flyway, onFailure, listener);
    }

    /** @return the defaults */
    public static MigrationOptions defaults() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link MigrationOptions}. */
    public static final class Builder {
        private List<String> locations = List.of("classpath:db/migration");
        private int parallelism = 2;
        private Duration progressInterval = Duration.ofSeconds(5);
        private Consumer<FluentConfiguration> flyway = config -> { };
        private OnFailure onFailure = OnFailure.REFUSE;
        private Consumer<MigrationProgress> progress = p -> { };

        private Builder() {
        }

        /**
         * @param locations Flyway locations of the migration scripts
         * @return this builder
         */
        public Builder locations(List<String> locations) {
            this.locations = locations;
            return this;
        }

        /**
         * @param parallelism tenants migrated at once by {@code migrateAll}
         * @return this builder
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /**
         * @param progressInterval how often {@code migrateAll} logs its progress
         * @return this builder
         */
        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = progressInterval;
            return this;
        }

        /**
         * @param flyway more Flyway settings, applied after Fahren's
         * @return this builder
         */
        public Builder flyway(Consumer<FluentConfiguration> flyway) {
            this.flyway = flyway;
            return this;
        }

        /**
         * @param onFailure what becomes of a tenant whose migration failed
         * @return this builder
         */
        public Builder onFailure(OnFailure onFailure) {
            this.onFailure = onFailure;
            return this;
        }

        /**
         * @param progress what hears of a {@code migrateAll} run's progress, besides the log
         * @return this builder
         */
        public Builder progress(Consumer<MigrationProgress> progress) {
            this.progress = progress;
            return this;
        }

        /** @return the options */
        public MigrationOptions build() {
            return new MigrationOptions(locations, parallelism, progressInterval, flyway, onFailure, progress);
        }
    }
}
