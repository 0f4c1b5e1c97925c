package io.fahren.flyway.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fahren.TenantId;
import io.fahren.TenantManagement;
import io.fahren.flyway.MigrationProgress;
import io.fahren.flyway.MigrationStatus;
import io.fahren.flyway.TenantMigrations;
import io.fahren.postgres.Postgres;
import io.fahren.test.Failures;
import io.fahren.test.Journal;
import io.fahren.test.TestConfig;
import io.fahren.testing.FahrenExtensions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** fahren.migrations.* in CDI: TenantManagement migrates a new tenant, and on-startup migrates every tenant. */
@WithPostgres
class MigrationCdiTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    private static Weld weld() {
        return new Weld().disableDiscovery().addExtensions(FahrenExtensions.of(TenantId.class, Postgres.class,
                TenantMigrations.class)).addBeanClass(Journal.class).addBeanClass(ProgressLog.class);
    }

    private static Map<String, String> config(PostgresDatabase db, String locations) {
        Map<String, String> config = new HashMap<>();
        config.put("fahren.postgres.isolation", "schema");
        config.put("fahren.postgres.url", db.jdbcUrl());
        config.put("fahren.postgres.username", db.user());
        config.put("fahren.postgres.password", db.password());
        config.put("fahren.postgres.schema.prefix", "migcdi_");
        config.put("fahren.postgres.registry-schema", "fahren_migcdi");
        config.put("fahren.migrations.locations", locations);
        return config;
    }

    @Test
    void createTenantMigratesAndStartupUpgradesEveryTenant(PostgresDatabase db) {
        List<String> created = List.of("cdi-a-" + RUN, "cdi-b-" + RUN);
        try (TestConfig ignored = TestConfig.with(config(db, "classpath:db/v1"));
                WeldContainer container = weld().initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            created.forEach(management::createTenant);
            TenantMigrations migrations = container.select(TenantMigrations.class).get();
            for (String tenant : created) {
                assertThat(migrations.status(tenant)).isEqualTo(new MigrationStatus(tenant, "1", List.of()));
            }
        }

        Map<String, String> upgraded = config(db, "classpath:db/v1, classpath:db/v2");
        upgraded.put("fahren.migrations.on-startup", "migrate");
        upgraded.put("fahren.migrations.parallelism", "3");
        try (TestConfig ignored = TestConfig.with(upgraded); WeldContainer container = weld().initialize()) {
            TenantMigrations migrations = container.select(TenantMigrations.class).get();
            for (String tenant : created) {
                assertThat(migrations.status(tenant)).as(tenant).isEqualTo(new MigrationStatus(tenant, "2", List.of()));
            }
            List<MigrationProgress> heard = container.select(ProgressLog.class).get().heard();
            assertThat(heard).isNotEmpty();
            assertThat(heard.get(heard.size() - 1).finished()).isTrue();
        }
    }

    @Test
    void onCreateFalseLeavesANewTenantUnmigrated(PostgresDatabase db) {
        Map<String, String> off = config(db, "classpath:db/v1");
        off.put("fahren.migrations.on-create", "false");
        String tenant = "cdi-off-" + RUN;
        try (TestConfig ignored = TestConfig.with(off); WeldContainer container = weld().initialize()) {
            container.select(TenantManagement.class).get().createTenant(tenant);
            assertThat(container.select(TenantMigrations.class).get().status(tenant))
                    .isEqualTo(new MigrationStatus(tenant, null, List.of("1")));
        }
    }

    @Test
    void invalidKeysFailTheDeploymentNamingEachKey(PostgresDatabase db) {
        Map<String, String> bad = config(db, " , ");
        bad.put("fahren.migrations.parallelism", "0");
        bad.put("fahren.migrations.on-startup", "always");
        bad.put("fahren.migrations.lcations", "classpath:typo");
        bad.put("fahren.migrations.on-failure", "ignore");
        try (TestConfig ignored = TestConfig.with(bad)) {
            Throwable failure = catchThrowable(() -> weld().initialize().close());
            assertThat(failure).isInstanceOf(DeploymentException.class);
            assertThat(Failures.describe(failure)).contains("fahren.migrations.locations names no location")
                    .contains("fahren.migrations.parallelism is '0'")
                    .contains("fahren.migrations.on-startup is 'always'; allowed values are none, migrate")
                    .contains("Unknown configuration key 'fahren.migrations.lcations'")
                    .contains("fahren.migrations.on-failure is 'ignore'; allowed values are refuse, serve");
        }
    }

    @Test
    void aConnectionCapBelowTwoFailsTheDeploymentWithDatabasePerTenant(PostgresDatabase db) {
        Map<String, String> tight = config(db, "classpath:db/v1");
        tight.put("fahren.postgres.isolation", "database");
        tight.put("fahren.postgres.pool.max-connections", "1");
        try (TestConfig ignored = TestConfig.with(tight)) {
            Throwable failure = catchThrowable(() -> weld().initialize().close());
            assertThat(failure).isInstanceOf(DeploymentException.class);
            assertThat(Failures.describe(failure)).contains("fahren.postgres.pool.max-connections is 1, but a tenant's "
                    + "migration holds two connections");
        }
    }
}
