package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A tenant's SQL cannot hold back another tenant's create, delete or writes: every lock Fahren
 * relies on is a row lock on a table that tenant logins have no privilege on. Advisory locks,
 * which any login can take on any key, are not used for them.
 */
@WithPostgres
class HostileTenantLocksTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @Test
    void aTenantCannotLockAnotherTenantsLifecycleOrWrites(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE locked_notes (tenant_id text NOT NULL, body text)");
        PostgresConnection app = PgFixture.newLogin(db, "hl", "NOSUPERUSER NOBYPASSRLS");
        String attacker = "attacker-" + RUN;
        String victim = "victim-" + RUN;
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), RlsOptions.builder().autoSetup(true)
                .bindingMode(PgFixture.mode()).tables(List.of("public.locked_notes")).policyName("p_hl").deleteLockTimeout(Duration.ofSeconds(3))
                .tenantLogins(List.of(app.username())).build())) {
            rls.forManagement().createTenant(attacker);
            rls.forManagement().createTenant(victim);
            PostgresTenants tenants = rls.forTenants(app);
            tenants.updateAs(victim, "INSERT INTO locked_notes VALUES (?, 'before')", victim);

            try (Connection held = tenants.connection(attacker); Statement s = held.createStatement()) {
                held.setAutoCommit(false);
                for (String lock : List.of("SELECT 1 FROM fahren.tenant_locks FOR UPDATE",
                        "SELECT 1 FROM fahren.rls_tenants FOR KEY SHARE", "SELECT 1 FROM fahren.tenants FOR UPDATE",
                        "LOCK TABLE fahren.tenant_locks", "LOCK TABLE fahren.rls_tenants")) {
                    s.execute("SAVEPOINT try_lock");
                    assertThatThrownBy(() -> s.execute(lock)).as(lock).hasMessageContaining("permission denied");
                    s.execute("ROLLBACK TO SAVEPOINT try_lock");
                }
                // every advisory key the attacker could guess, held in both scopes
                for (String key : List.of("fahren.tenant:" + victim, "fahren.rls-write:" + victim, "fahren.tenant:new-" + RUN)) {
                    s.execute("SELECT pg_advisory_lock(hashtextextended('" + key + "', 0)), "
                            + "pg_advisory_xact_lock(hashtextextended('" + key + "', 0))");
                }

                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                    assertThat(tenants.updateAs(victim, "INSERT INTO locked_notes VALUES (?, 'during')", victim))
                            .isEqualTo(1);
                    rls.forManagement().createTenant("new-" + RUN);
                    rls.forManagement().deleteTenant(victim);
                });
            }
            assertThat(PgFixture.count(db, "SELECT count(*) FROM locked_notes WHERE tenant_id = ?", victim)).isZero();
            assertThat(rls.registry().find(io.fahren.TenantId.of(victim))).isEmpty();
            tenants.close();
        }
    }
}
