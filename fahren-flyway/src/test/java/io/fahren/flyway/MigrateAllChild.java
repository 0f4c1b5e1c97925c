package io.fahren.flyway;

import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import java.util.List;
import java.util.Map;

/**
 * A second process for {@link MigrationProcessesTest}: migrates every tenant of the schema
 * strategy the test set up, and prints what it applied, one {@code APPLIED tenant count} line per
 * tenant.
 */
public final class MigrateAllChild {

    private MigrateAllChild() {
    }

    /**
     * @param args URL, user, password, then the Flyway locations
     */
    public static void main(String[] args) {
        PostgresConnection admin = PostgresConnection.of(args[0], args[1], System.getenv("MIGRATION_CHILD_PASSWORD"));
        try (Postgres schemas = Postgres.withSchemaIsolation(admin, MigrationProcessesTest.options())) {
            MigrationReport report = TenantMigrations.of(schemas, MigrationOptions.builder()
                    .locations(List.of(args).subList(2, args.length)).build()).migrateAll();
            for (Map.Entry<String, Integer> e : report.migrated().entrySet()) {
                System.out.println("APPLIED " + e.getKey() + " " + e.getValue());
            }
            for (String failed : report.failedTenants()) {
                System.out.println("FAILED " + failed);
            }
        }
        System.exit(0);
    }
}
