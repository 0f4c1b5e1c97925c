package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: {@code deleteTenant} while the tenant has open sessions. Database per tenant:
 * an open transaction and a held connection; the delete completes and neither can write
 * afterwards. Schema per tenant: an open transaction; the delete waits for it, then removes the
 * schema and the role completely, and the tenant's writes are refused afterwards. Row-level
 * security: an open transaction that inserted and a held connection; the delete waits for the
 * transaction (and only for it: another tenant keeps writing), then deletes its rows too, and the
 * held connection's writes fail the policy. A transaction open longer than the delete's lock
 * timeout (RLS and schema): the delete fails clearly and changes nothing, and succeeds once
 * called again.
 */
@WithPostgres
class DeleteWithOpenSessionsTest {

    @TempDir
    Path dir;

    @Test
    void deleteCompletesAndTheOpenSessionsCannotWriteAfterwards(PostgresDatabase db) throws Exception {
        String tenant = "open-" + UUID.randomUUID().toString().substring(0, 6);
        TenantSecrets secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("s.json")),
                TenantSecrets.DEFAULT_PATTERN);
        try (Postgres databases = Postgres.withDatabaseIsolation(PgFixture.admin(db), secrets,
                DatabaseOptions.builder().revokePublicConnect(true).prefix("dw_").registrySchema("fahren_dw").build());
                PostgresTenants tenants = databases.forTenants()) {
            PostgresManagement management = databases.forManagement();
            createWithNotesTable(management, tenants, tenant);
            OpenTransaction writer = new OpenTransaction(tenants, tenant, "INSERT INTO notes (text) VALUES ('before')",
                    "INSERT INTO notes (text) VALUES ('after the delete')");
            Connection held = tenants.connection(tenant); // an idle open connection, as a second client

            management.deleteTenant(tenant);

            assertThatThrownBy(writer::end)
                    .isInstanceOf(java.util.concurrent.ExecutionException.class); // its connection was ended
            assertThatThrownBy(() -> {
                try (Statement s = held.createStatement()) {
                    s.execute("INSERT INTO notes (text) VALUES ('from the held connection')");
                }
            }).isInstanceOf(java.sql.SQLException.class);
            held.close();
            assertThat(management.find(tenant)).isEmpty();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_database WHERE datname = ?", "dw_" + tenant)).isZero();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE rolname = ?", "dw_" + tenant)).isZero();
        }
    }

    @Test
    void schemaPerTenantDeleteWaitsForTheOpenTransactionThenItsSessionCannotWrite(PostgresDatabase db)
            throws Exception {
        String tenant = "open-" + UUID.randomUUID().toString().substring(0, 6);
        PostgresConnection app = PgFixture.newLogin(db, "dwapp", "NOSUPERUSER NOBYPASSRLS");
        try (Postgres schemas = Postgres.withSchemaIsolation(PgFixture.admin(db), SchemaOptions.builder()
                .schemaPrefix("dws_").rolePrefix("dws_").registrySchema("fahren_dws")
                .tenantLogins(java.util.List.of(app.username())).build());
                PostgresTenants tenants = schemas.forTenants(app)) {
            PostgresManagement management = schemas.forManagement();
            createWithNotesTable(management, tenants, tenant);
            OpenTransaction writer = new OpenTransaction(tenants, tenant,
                    "INSERT INTO notes (text) VALUES ('in the open transaction')", null);
            CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> management.deleteTenant(tenant));
            Thread.sleep(300);
            assertThat(delete).as("the drop waits for the open transaction's lock").isNotDone();
            writer.end();
            delete.get(60, TimeUnit.SECONDS);

            assertThat(management.find(tenant)).isEmpty();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", "dws_" + tenant))
                    .isZero();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_roles WHERE rolname = ?", "dws_" + tenant))
                    .isZero();
            assertThatThrownBy(() -> tenants.updateAs(tenant, "INSERT INTO notes (text) VALUES ('after')"))
                    .isInstanceOf(io.fahren.UnknownTenantException.class);
        }
    }

    @Test
    void rlsDeleteWaitsForTheTenantsOpenTransactionRemovesItsRowsAndRefusesLaterWrites(PostgresDatabase db)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String tenant = "open-" + run;
        String other = "other-" + run;
        PostgresConnection app = PgFixture.newLogin(db, "dwrapp", "NOSUPERUSER NOBYPASSRLS");
        PgFixture.execute(db, "CREATE TABLE rls_notes (id serial PRIMARY KEY, tenant_id text NOT NULL "
                + "DEFAULT current_setting('fahren.tenant_id', true), text text)");
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), RlsOptions.builder().autoSetup(true)
                .tables(java.util.List.of("public.rls_notes")).tenantRole("dwr_tenant_" + run)
                .tenantLogins(java.util.List.of(app.username())).registrySchema("fahren_dwr").build())) {
            PostgresManagement management = rls.forManagement();
            management.createTenant(tenant); // sets RLS up (autoSetup)
            management.createTenant(other);
            rlsDelete(db, management, rls.forTenants(app), tenant, other);
        }
    }

    private static void rlsDelete(PostgresDatabase db, PostgresManagement management, PostgresTenants side,
            String tenant, String other) throws Exception {
        try (PostgresTenants tenants = side) {
            tenants.updateAs(other, "INSERT INTO rls_notes (text) VALUES ('other before')");
            OpenTransaction writer = new OpenTransaction(tenants, tenant,
                    "INSERT INTO rls_notes (text) VALUES ('in the open transaction')", null);
            Connection held = tenants.connection(tenant); // an idle open connection, as a second client

            CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> management.deleteTenant(tenant));
            Thread.sleep(500);
            assertThat(delete).as("the delete waits for the tenant's open writing transaction").isNotDone();
            // only for that tenant's transactions: another tenant writes meanwhile
            CompletableFuture.runAsync(() -> tenants.updateAs(other, "INSERT INTO rls_notes (text) VALUES ('other during')"))
                    .get(10, TimeUnit.SECONDS);
            writer.end();
            delete.get(60, TimeUnit.SECONDS);

            assertThat(management.find(tenant)).isEmpty();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM rls_notes WHERE tenant_id = ?", tenant))
                    .as("rows of the transaction that committed during the delete are gone too").isZero();
            assertThatThrownBy(() -> {
                try (Statement s = held.createStatement()) {
                    s.execute("INSERT INTO rls_notes (text) VALUES ('from the held connection')");
                }
            }).isInstanceOf(java.sql.SQLException.class).hasMessageContaining("row-level security");
            held.close();
            assertThatThrownBy(() -> tenants.updateAs(tenant, "INSERT INTO rls_notes (text) VALUES ('after')"))
                    .isInstanceOf(io.fahren.UnknownTenantException.class);
            assertThat(PgFixture.count(db, "SELECT count(*) FROM rls_notes WHERE tenant_id = ?", tenant)).isZero();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM rls_notes WHERE tenant_id = ?", other)).isEqualTo(2);
            assertThat(PgFixture.count(db, "SELECT count(*) FROM fahren_dwr.rls_tenants WHERE id = ?", tenant)).isZero();
            management.deleteTenant(other);
        }
    }

    /**
     * A transaction that stays open longer than {@code deleteLockTimeout}: the delete fails
     * clearly, deletes nothing, leaves the tenant FAILED, and succeeds when called again after
     * the transaction ended.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rls", "schema"})
    void aDeleteThatWaitsLongerThanItsLockTimeoutFailsChangingNothingAndCanBeRepeated(String kind, PostgresDatabase db)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String tenant = "slow-" + run;
        PostgresConnection app = PgFixture.newLogin(db, "dwtapp", "NOSUPERUSER NOBYPASSRLS");
        java.time.Duration timeout = java.time.Duration.ofSeconds(1);
        boolean rlsKind = kind.equals("rls");
        if (rlsKind) {
            PgFixture.execute(db, "CREATE TABLE rls_slow (id serial PRIMARY KEY, tenant_id text NOT NULL "
                    + "DEFAULT current_setting('fahren.tenant_id', true), text text)");
        }
        try (Postgres postgres = rlsKind
                ? Postgres.withRlsIsolation(PgFixture.admin(db), RlsOptions.builder().autoSetup(true)
                        .tables(java.util.List.of("public.rls_slow")).tenantRole("dwt_tenant_" + run)
                        .tenantLogins(java.util.List.of(app.username())).registrySchema("fahren_dwt")
                        .deleteLockTimeout(timeout).build())
                : Postgres.withSchemaIsolation(PgFixture.admin(db), SchemaOptions.builder().schemaPrefix("dwt_")
                        .rolePrefix("dwt_").registrySchema("fahren_dwt_s")
                        .tenantLogins(java.util.List.of(app.username())).deleteLockTimeout(timeout).build())) {
            PostgresManagement management = postgres.forManagement();
            management.createTenant(tenant);
            try (PostgresTenants tenants = postgres.forTenants(app)) {
                String table = rlsKind ? "rls_slow" : "notes";
                if (!rlsKind) {
                    tenants.updateAs(tenant, "CREATE TABLE notes (id serial PRIMARY KEY, text text)");
                }
                tenants.updateAs(tenant, "INSERT INTO " + table + " (text) VALUES ('committed')");
                OpenTransaction writer = new OpenTransaction(tenants, tenant,
                        "INSERT INTO " + table + " (text) VALUES ('open')", null);
                long start = System.nanoTime();
                assertThatThrownBy(() -> management.deleteTenant(tenant))
                        .isInstanceOf(io.fahren.TenantDeletionException.class)
                        .hasMessageContaining("waited more than 1 s for")
                        .hasMessageContaining("call deleteTenant again")
                        .hasMessageContaining("fahren.postgres.delete-lock-timeout");
                assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
                assertThat(management.find(tenant)).map(io.fahren.Tenant::state)
                        .contains(io.fahren.TenantState.FAILED);
                if (rlsKind) {
                    assertThat(PgFixture.count(db, "SELECT count(*) FROM rls_slow WHERE tenant_id = ?", tenant))
                            .as("nothing deleted").isEqualTo(1);
                    assertThat(PgFixture.count(db, "SELECT count(*) FROM fahren_dwt.rls_tenants WHERE id = ?", tenant))
                            .isEqualTo(1);
                } else {
                    assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", "dwt_" + tenant))
                            .as("nothing dropped").isEqualTo(1);
                }
                writer.end();
            }
            management.deleteTenant(tenant);
            assertThat(management.find(tenant)).isEmpty();
            if (rlsKind) {
                assertThat(PgFixture.count(db, "SELECT count(*) FROM rls_slow WHERE tenant_id = ?", tenant)).isZero();
            } else {
                assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = ?", "dwt_" + tenant))
                        .isZero();
            }
        }
    }

    private static void createWithNotesTable(PostgresManagement management, PostgresTenants tenants, String tenant) {
        management.createTenant(tenant);
        tenants.withConnection(tenant, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE notes (id serial PRIMARY KEY, text text)");
            }
        });
    }

    /** A transaction as a tenant that has run one statement and stays open until {@link #end()}. */
    private static final class OpenTransaction {

        private final CountDownLatch open = new CountDownLatch(1);
        private final CountDownLatch end = new CountDownLatch(1);
        private final CompletableFuture<Void> done;

        /**
         * Starts it and waits until its first statement ran.
         *
         * @param last a statement run after {@link #end()} is called, before the commit, or null
         */
        OpenTransaction(PostgresTenants tenants, String tenant, String first, String last) throws InterruptedException {
            done = CompletableFuture.runAsync(() -> tenants.withConnection(tenant, c -> {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute(first);
                    open.countDown();
                    await(end);
                    if (last != null) {
                        s.execute(last);
                    }
                }
                c.commit();
            }));
            assertThat(open.await(30, TimeUnit.SECONDS)).as("the transaction's first statement ran").isTrue();
        }

        /** Lets it run its last statement and commit, and waits for that. */
        void end() throws Exception {
            end.countDown();
            done.get(30, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
