package io.fahren.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.postgres.BindingMode;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresManagement;
import io.fahren.postgres.RlsOptions;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;

/** JPA over row-level security, plus Hibernate's own {@code @TenantId} as a second line. */
@WithPostgres
class RlsJpaTest extends JpaIsolationContract {

    /** @return the URL tenant and management connections use; a subclass goes through PgBouncer */
    protected String url(PostgresDatabase db) {
        return db.jdbcUrl();
    }

    /** @return the binding mode */
    protected BindingMode mode() {
        return BindingMode.SESSION;
    }

    @Override
    protected void configure(Configuration configuration) {
        configuration.addAnnotatedClass(TaggedNote.class);
    }

    @Test
    void tenantIdIsFilledByHibernateAndNativeSqlIsStillStoppedByThePolicy() throws Exception {
        Long id = inTransaction(a(), em -> {
            TaggedNote note = new TaggedNote("tagged");
            em.persist(note);
            return note.id;
        });
        String owner = inTransaction(a(), em -> em.find(TaggedNote.class, id).tenantId());
        assertThat(owner).isEqualTo(a());

        Number seenByB = inTransaction(b(), em -> (Number) em.createNativeQuery("select count(*) from tagged_notes")
                .getSingleResult());
        assertThat(seenByB.intValue()).as("native SQL bypasses Hibernate's filter, not the policy").isZero();
        assertThatThrownBy(() -> inTransaction(b(), em -> em.createNativeQuery(
                "insert into tagged_notes (tenant_id, body) values (?1, 'forged')").setParameter(1, a()).executeUpdate()))
                .hasStackTraceContaining("new row violates row-level security policy");
    }

    @Override
    protected void openStrategy(PostgresDatabase db) throws Exception {
        String table = "notes";
        String app = "japp_" + run.replace('-', '_');
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table
                    + " (id bigserial PRIMARY KEY, tenant_id text NOT NULL, body text)");
            s.execute("CREATE TABLE IF NOT EXISTS cached_notes (id bigint, body text, "
                    + "tenant_id text NOT NULL DEFAULT current_setting('fahren.tenant_id'), PRIMARY KEY (tenant_id, id))");
            s.execute("CREATE TABLE IF NOT EXISTS tagged_notes (id bigserial PRIMARY KEY, tenant_id text NOT NULL, body text)");
            s.execute("CREATE ROLE " + app + " LOGIN PASSWORD 'app-password-for-tests'");
        }
        postgres = Postgres.withRlsIsolation(PostgresConnection.of(url(db), db.user(), db.password()),
                RlsOptions.builder().autoSetup(true).bindingMode(mode())
                        .tables(List.of("public.notes", "public.cached_notes", "public.tagged_notes")).policyName("p_jpa")
                        .registrySchema("fahren_jpa").tenantLogins(List.of(app)).build());
        PostgresManagement management = postgres.forManagement();
        management.createTenant(a());
        management.createTenant(b());
        tenants = postgres.forTenants(PostgresConnection.of(url(db), app, "app-password-for-tests"));
    }
}
