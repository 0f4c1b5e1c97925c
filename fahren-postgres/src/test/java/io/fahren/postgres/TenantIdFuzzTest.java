package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.InvalidTenantIdException;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.TenantIdFuzz;
import io.fahren.testing.WithPostgres;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the paths that turn tenant ids into DDL: seeded generated ids through
 * {@code createTenant} and {@code deleteTenant} of every PostgreSQL strategy. Each id is either
 * rejected with {@link InvalidTenantIdException} (exactly when the documented rule rejects it), or
 * creates exactly the expected objects and removes them again; the server's roles, schemas and
 * databases are the same before and after. Sizes: a few hundred ids in CI; the full size with
 * {@code -Dfahren.fuzz.full=true} (see {@link TenantIdFuzz}).
 */
@WithPostgres
class TenantIdFuzzTest {

    @TempDir
    Path dir;

    @Test
    void rls(PostgresDatabase db) throws Exception {
        PostgresConnection app = PgFixture.newLogin(db, "fzapp", "NOSUPERUSER NOBYPASSRLS");
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), RlsOptions.builder().autoSetup(true)
                .tenantRole("fz_tenant").registrySchema("fahren_fz_rls").tenantLogins(List.of(app.username()))
                .build())) {
            fuzz(db, "RLS", rls.forManagement(), 300, id -> List.of(), id -> List.of());
            assertThat(PgFixture.count(db, "SELECT count(*) FROM fahren_fz_rls.rls_tenants")).as("RLS table of tenants")
                    .isZero();
        }
    }

    @Test
    void schemaPerTenant(PostgresDatabase db) throws Exception {
        try (Postgres schemas = Postgres.withSchemaIsolation(PgFixture.admin(db), SchemaOptions.builder()
                .schemaPrefix("fzs_").rolePrefix("fzs_").registrySchema("fahren_fz_schema").build())) {
            fuzz(db, "schema", schemas.forManagement(), 300, id -> List.of("fzs_" + id), id -> List.of("fzs_" + id));
        }
    }

    @Test
    void databasePerTenant(PostgresDatabase db) throws Exception {
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("fuzz-secrets.json")),
                TenantSecrets.DEFAULT_PATTERN);
        try (Postgres databases = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets, DatabaseOptions.builder().revokePublicConnect(true)
                .prefix("fzd_").registrySchema("fahren_fz_db").build())) {
            fuzz(db, "database", databases.forManagement(), 80, id -> List.of("fzd_" + id),
                    id -> List.of("fzd_" + id));
            assertThat(dir.resolve("fuzz-secrets.json")).satisfiesAnyOf(
                    file -> assertThat(file).doesNotExist(),
                    file -> assertThat(file).content().doesNotContain("fzd_"));
        }
    }

    /** The objects a valid id must create, by catalog. */
    @FunctionalInterface
    private interface Expected {
        List<String> names(String id);
    }

    private static void fuzz(PostgresDatabase db, String strategy, PostgresManagement management, int ciSize,
            Expected roles, Expected schemasOrDatabases) throws SQLException {
        boolean databases = strategy.equals("database");
        long seed = TenantIdFuzz.seed();
        List<String> ids = TenantIdFuzz.ids(seed, TenantIdFuzz.size(ciSize));
        // one tenant first, so what the strategy sets up once (registry, shared role) is in the "before"
        management.createTenant("fz-warm-up");
        management.deleteTenant("fz-warm-up");
        CatalogSnapshot before = CatalogSnapshot.of(db);
        int valid = 0;
        for (String id : ids) {
            String context = strategy + ", seed " + seed + ", id " + printable(id);
            if (!TenantIdFuzz.validByDefault(id)) {
                assertThatThrownBy(() -> management.createTenant(id)).as(context)
                        .isInstanceOf(InvalidTenantIdException.class);
                assertThatThrownBy(() -> management.deleteTenant(id)).as(context)
                        .isInstanceOf(InvalidTenantIdException.class);
                continue;
            }
            valid++;
            management.createTenant(id);
            CatalogSnapshot created = CatalogSnapshot.of(db);
            assertThat(created.roles()).as(context).containsAll(roles.names(id));
            assertThat(databases ? created.databases() : created.schemas()).as(context)
                    .containsAll(schemasOrDatabases.names(id));
            assertThat(management.find(id)).as(context).isPresent();
            Set<String> added = new TreeSet<>(created.all());
            added.removeAll(before.all());
            Set<String> expected = new TreeSet<>();
            roles.names(id).forEach(r -> expected.add("role " + r));
            schemasOrDatabases.names(id).forEach(n -> expected.add((databases ? "database " : "schema ") + n));
            assertThat(added).as(context + ": exactly the expected objects").isEqualTo(expected);
            management.deleteTenant(id);
            assertThat(management.find(id)).as(context).isEmpty();
        }
        CatalogSnapshot after = CatalogSnapshot.of(db);
        System.out.printf("tenant-id fuzz, %s: %d ids (%d valid, %d rejected), seed %d; orphans: %d%n", strategy,
                ids.size(), valid, ids.size() - valid, seed, after.difference(before).size());
        assertThat(after.difference(before)).as(strategy + ", seed " + seed + ": catalogs before and after").isEmpty();
        assertThat(valid).as("the generator must produce valid ids too").isPositive();
        assertThat(ids.size() - valid).as("and invalid ones").isPositive();
    }

    private static String printable(String id) {
        StringBuilder out = new StringBuilder("\"");
        id.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7f ? Character.toString(cp)
                : String.format("\\u%04x", cp)));
        return out.append('"').toString();
    }
}
