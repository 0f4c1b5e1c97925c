package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantDeletionException;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PostgreSQL checks foreign keys, unique keys and exclusion constraints without row-level
 * security. These tests attack through them as a tenant (reference another tenant's row, change or
 * block it through a cascade, detect it from a constraint error) and check that setup refuses
 * constraints that reach across tenants, rewrites foreign keys on request, and that deleteTenant
 * deletes a real schema in foreign-key order. Each scenario has its own schema; the tenants side
 * runs in both binding modes.
 */
@WithPostgres
class RlsIntegrityTest {

    private static final Pattern FIX = Pattern.compile("\n    Fix: (.*)");
    private static PostgresConnection app;
    /** Roles are server-wide: one of this class's own, granted to its login by its first setup. */
    private static final String ROLE = "ri_tenant_" + java.util.UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void login(PostgresDatabase db) throws SQLException {
        app = PgFixture.newLogin(db, "ri", "NOSUPERUSER NOBYPASSRLS");
    }

    private static RlsOptions.Builder options(BindingMode mode, String schema, String... tables) {
        return RlsOptions.builder().autoSetup(true).bindingMode(mode).poolSize(2).tenantRole(ROLE)
                .tables(Arrays.stream(tables).map(t -> schema + "." + t).toList())
                .tenantLogins(List.of(app.username()));
    }

    private static Postgres open(PostgresDatabase db, RlsOptions options) {
        return Postgres.withRlsIsolation(PgFixture.admin(db), options);
    }

    // ---- deleteTenant over a real schema -------------------------------------------------------

    private static final List<String> SHOP = List.of("customers", "orders", "addresses", "categories", "products",
            "order_lines", "payments");

    /** Chains, fan-outs, a self-reference, a deferrable cycle and a shared catalogue. */
    private static void shop(PostgresDatabase db, String s) throws SQLException {
        PgFixture.execute(db, "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".countries (code text PRIMARY KEY)",
                "INSERT INTO " + s + ".countries VALUES ('DE'), ('FR')",
                "CREATE TABLE " + s + ".customers (tenant_id text NOT NULL, id bigint GENERATED ALWAYS AS IDENTITY "
                        + "PRIMARY KEY, country text NOT NULL REFERENCES " + s + ".countries (code), last_order bigint, "
                        + "UNIQUE (tenant_id, id))",
                "CREATE TABLE " + s + ".orders (tenant_id text NOT NULL, id bigint GENERATED ALWAYS AS IDENTITY "
                        + "PRIMARY KEY, customer bigint NOT NULL, UNIQUE (tenant_id, id), "
                        + "FOREIGN KEY (tenant_id, customer) REFERENCES " + s + ".customers (tenant_id, id))",
                "ALTER TABLE " + s + ".customers ADD FOREIGN KEY (tenant_id, last_order) REFERENCES " + s
                        + ".orders (tenant_id, id) DEFERRABLE",
                "CREATE TABLE " + s + ".addresses (tenant_id text NOT NULL, id bigserial PRIMARY KEY, "
                        + "customer bigint NOT NULL, FOREIGN KEY (tenant_id, customer) REFERENCES " + s
                        + ".customers (tenant_id, id) ON DELETE CASCADE)",
                "CREATE TABLE " + s + ".categories (tenant_id text NOT NULL, id bigserial PRIMARY KEY, parent bigint, "
                        + "UNIQUE (tenant_id, id), FOREIGN KEY (tenant_id, parent) REFERENCES " + s
                        + ".categories (tenant_id, id) ON DELETE RESTRICT)",
                "CREATE TABLE " + s + ".products (tenant_id text NOT NULL, id bigserial PRIMARY KEY, "
                        + "category bigint NOT NULL, name text NOT NULL, UNIQUE (tenant_id, id), UNIQUE (tenant_id, name), "
                        + "FOREIGN KEY (tenant_id, category) REFERENCES " + s + ".categories (tenant_id, id))",
                "CREATE TABLE " + s + ".order_lines (tenant_id text NOT NULL, id bigserial PRIMARY KEY, "
                        + "order_id bigint NOT NULL, product bigint NOT NULL, "
                        + "FOREIGN KEY (tenant_id, order_id) REFERENCES " + s + ".orders (tenant_id, id) ON DELETE RESTRICT, "
                        + "FOREIGN KEY (tenant_id, product) REFERENCES " + s + ".products (tenant_id, id))",
                "CREATE TABLE " + s + ".payments (tenant_id text NOT NULL, id bigserial PRIMARY KEY, "
                        + "order_id bigint NOT NULL, FOREIGN KEY (tenant_id, order_id) REFERENCES " + s
                        + ".orders (tenant_id, id))");
    }

    private static void seedShop(PostgresTenants tenants, String s, String tenant) {
        tenants.withConnection(tenant, c -> {
            long customer = insert(c, "INSERT INTO " + s + ".customers (tenant_id, country) VALUES (?, 'DE') RETURNING id",
                    tenant);
            long order = insert(c, "INSERT INTO " + s + ".orders (tenant_id, customer) VALUES (?, ?) RETURNING id",
                    tenant, customer);
            insert(c, "UPDATE " + s + ".customers SET last_order = ? WHERE id = ? RETURNING id", order, customer);
            insert(c, "INSERT INTO " + s + ".addresses (tenant_id, customer) VALUES (?, ?) RETURNING id", tenant, customer);
            long root = insert(c, "INSERT INTO " + s + ".categories (tenant_id) VALUES (?) RETURNING id", tenant);
            long leaf = insert(c, "INSERT INTO " + s + ".categories (tenant_id, parent) VALUES (?, ?) RETURNING id",
                    tenant, root);
            long product = insert(c, "INSERT INTO " + s + ".products (tenant_id, category, name) VALUES (?, ?, 'tea') "
                    + "RETURNING id", tenant, leaf);
            insert(c, "INSERT INTO " + s + ".order_lines (tenant_id, order_id, product) VALUES (?, ?, ?) RETURNING id",
                    tenant, order, product);
            insert(c, "INSERT INTO " + s + ".payments (tenant_id, order_id) VALUES (?, ?) RETURNING id", tenant, order);
        });
    }

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void deleteTenantDeletesAlongTheForeignKeysAndLeavesOtherTenantsWhole(BindingMode mode, PostgresDatabase db)
            throws SQLException {
        String s = "shop_" + mode.name().toLowerCase();
        shop(db, s);
        String a = "shop-a-" + mode.name().toLowerCase();
        String b = "shop-b-" + mode.name().toLowerCase();
        try (Postgres rls = open(db, options(mode, s, SHOP.toArray(String[]::new)).build());
                PostgresTenants tenants = rls.forTenants(app)) {
            rls.forManagement().createTenant(a);
            rls.forManagement().createTenant(b);
            seedShop(tenants, s, a);
            seedShop(tenants, s, b);
            Map<String, Long> before = rowsOf(db, s, b);
            assertThat(rowsOf(db, s, a).values()).allMatch(n -> n > 0);

            rls.forManagement().deleteTenant(a);

            assertThat(rowsOf(db, s, a).values()).allMatch(n -> n == 0);
            assertThat(rowsOf(db, s, b)).isEqualTo(before);
            assertThat(PgFixture.count(db, "SELECT count(*) FROM " + s + ".countries")).isEqualTo(2);
        }
    }

    // ---- foreign keys that do not include the tenant column --------------------------------------

    private static void plainForeignKeys(PostgresDatabase db, String s) throws SQLException {
        PgFixture.execute(db, "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".customers (tenant_id text NOT NULL, id bigint GENERATED BY DEFAULT AS IDENTITY "
                        + "PRIMARY KEY)",
                "CREATE TABLE " + s + ".orders (tenant_id text NOT NULL, id bigserial PRIMARY KEY, "
                        + "customer bigint REFERENCES " + s + ".customers (id) ON DELETE CASCADE)",
                "CREATE TABLE " + s + ".invoices (tenant_id text NOT NULL, id bigserial PRIMARY KEY, "
                        + "customer bigint REFERENCES " + s + ".customers (id) ON DELETE SET NULL)");
    }

    @Test
    void setupRefusesForeignKeysWithoutTheTenantColumnAndPrintsTheDdlThatScopesThem(PostgresDatabase db)
            throws SQLException {
        String s = "plain_refused";
        plainForeignKeys(db, s);
        try (Postgres rls = open(db, options(BindingMode.SESSION, s, "customers", "orders", "invoices").build())) {
            String message = refusal(() -> rls.forManagement().setup());
            assertThat(message)
                    .contains(s + ".orders.orders_customer_fkey: the foreign key [customer] -> " + s + ".customers [id] "
                            + "does not include tenant_id")
                    .contains("ALTER TABLE \"" + s + "\".\"customers\" ADD UNIQUE (\"tenant_id\", \"id\")")
                    .contains("ALTER TABLE \"" + s + "\".\"orders\" DROP CONSTRAINT \"orders_customer_fkey\", ADD CONSTRAINT "
                            + "\"orders_customer_fkey\" FOREIGN KEY (\"tenant_id\", \"customer\") REFERENCES \"" + s
                            + "\".\"customers\" (\"tenant_id\", \"id\") ON DELETE CASCADE")
                    .contains("ON DELETE SET NULL (\"customer\")")
                    .contains("fahren.postgres.rls.scope-foreign-keys", "fahren.postgres.rls.unscoped-constraints");
            // rolled back: no table was protected
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_policies WHERE schemaname = ?", s)).isZero();
            // createTenant (auto-setup) refuses too, and leaves no tenant behind
            assertThatThrownBy(() -> rls.forManagement().createTenant("plain-x"))
                    .hasStackTraceContaining("reach across tenants");
            assertThat(rls.forManagement().find("plain-x")).isEmpty();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM fahren.rls_tenants WHERE id = 'plain-x'")).isZero();

            runFixes(db, message);
            assertThat(rls.forManagement().setup()).hasSize(3);
            assertThat(columnsOf(db, s, "orders_customer_fkey")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void scopedForeignKeysKeepEveryTenantToItsOwnRows(BindingMode mode, PostgresDatabase db) throws SQLException {
        String s = "scoped_" + mode.name().toLowerCase();
        plainForeignKeys(db, s);
        String a = "sc-a-" + mode.name().toLowerCase();
        String b = "sc-b-" + mode.name().toLowerCase();
        try (Postgres rls = open(db, options(mode, s, "customers", "orders", "invoices").scopeForeignKeys(true).build());
                PostgresTenants tenants = rls.forTenants(app)) {
            rls.forManagement().createTenant(a);
            rls.forManagement().createTenant(b);
            assertThat(columnsOf(db, s, "orders_customer_fkey")).isEqualTo(2);
            assertThat(columnsOf(db, s, "invoices_customer_fkey")).isEqualTo(2);
            long ofA = insertAs(tenants, a, "INSERT INTO " + s + ".customers (tenant_id) VALUES (?) RETURNING id", a);
            long ofB = insertAs(tenants, b, "INSERT INTO " + s + ".customers (tenant_id) VALUES (?) RETURNING id", b);

            // A cannot reference B's customer, and the refusal reads exactly as for a customer nobody has
            String orders = "INSERT INTO " + s + ".orders (tenant_id, customer) VALUES (?, ?) RETURNING id";
            SQLException toB = sqlFailure(() -> insertAs(tenants, a, orders, a, ofB));
            SQLException toNobody = sqlFailure(() -> insertAs(tenants, a, orders, a, ofB + 1_000_000));
            assertThat(toB.getSQLState()).isEqualTo("23503");
            assertThat(toNobody.getSQLState()).isEqualTo("23503");
            assertThat(toB.getMessage().replace(Long.toString(ofB), "N"))
                    .isEqualTo(toNobody.getMessage().replace(Long.toString(ofB + 1_000_000), "N"));
            String invoices = "INSERT INTO " + s + ".invoices (tenant_id, customer) VALUES (?, ?) RETURNING id";
            assertThat(sqlFailure(() -> insertAs(tenants, a, invoices, a, ofB)).getSQLState()).isEqualTo("23503");

            // each tenant links its own rows
            long orderOfA = insertAs(tenants, a, orders, a, ofA);
            insertAs(tenants, a, invoices, a, ofA);
            insertAs(tenants, b, orders, b, ofB);
            insertAs(tenants, b, invoices, b, ofB);

            // B deletes its customer: not blocked, and its cascades reach B's rows only
            assertThat(tenants.updateAs(b, "DELETE FROM " + s + ".customers WHERE id = ?", ofB)).isEqualTo(1);
            assertThat(tenants.queryAs(b, "SELECT id FROM " + s + ".orders")).isEmpty();
            assertThat(tenants.queryAs(b, "SELECT tenant_id, customer FROM " + s + ".invoices"))
                    .containsExactly(row("tenant_id", b, "customer", null));
            assertThat(tenants.queryAs(a, "SELECT id, customer FROM " + s + ".orders"))
                    .containsExactly(row("id", orderOfA, "customer", ofA));
            assertThat(tenants.queryAs(a, "SELECT customer FROM " + s + ".invoices"))
                    .containsExactly(row("customer", ofA));

            // B can be deleted, and A keeps everything
            rls.forManagement().deleteTenant(b);
            assertThat(PgFixture.count(db, "SELECT count(*) FROM " + s + ".invoices WHERE tenant_id = ?", b)).isZero();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM " + s + ".orders WHERE tenant_id = ?", a)).isEqualTo(1);
            assertThat(PgFixture.count(db, "SELECT count(*) FROM " + s + ".invoices WHERE customer = ?", ofA))
                    .isEqualTo(1);
        }
    }

    /**
     * What the check prevents: the same schema with both keys accepted as unscoped lets a tenant
     * link to another's customer, and then have its rows deleted and changed by the other's delete.
     */
    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void unscopedForeignKeysAcceptedKnowinglyReachAcrossTenants(BindingMode mode, PostgresDatabase db)
            throws SQLException {
        String s = "unscoped_" + mode.name().toLowerCase();
        plainForeignKeys(db, s);
        String a = "un-a-" + mode.name().toLowerCase();
        String b = "un-b-" + mode.name().toLowerCase();
        RlsOptions options = options(mode, s, "customers", "orders", "invoices").unscopedConstraints(List.of(
                s + ".orders.orders_customer_fkey", s + ".invoices.invoices_customer_fkey")).build();
        try (Postgres rls = open(db, options); PostgresTenants tenants = rls.forTenants(app)) {
            rls.forManagement().createTenant(a);
            rls.forManagement().createTenant(b);
            long ofB = insertAs(tenants, b, "INSERT INTO " + s + ".customers (tenant_id) VALUES (?) RETURNING id", b);
            insertAs(tenants, a, "INSERT INTO " + s + ".orders (tenant_id, customer) VALUES (?, ?) RETURNING id", a, ofB);
            insertAs(tenants, a, "INSERT INTO " + s + ".invoices (tenant_id, customer) VALUES (?, ?) RETURNING id", a, ofB);
            tenants.updateAs(b, "DELETE FROM " + s + ".customers WHERE id = ?", ofB);
            assertThat(tenants.queryAs(a, "SELECT id FROM " + s + ".orders")).isEmpty();
            assertThat(tenants.queryAs(a, "SELECT customer FROM " + s + ".invoices"))
                    .containsExactly(row("customer", null));
        }
    }

    @Test
    void foreignKeyActionsThatWouldClearTheTenantColumnAreRefused(PostgresDatabase db) throws SQLException {
        String s = "clears";
        PgFixture.execute(db, "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".customers (tenant_id text NOT NULL, id bigserial PRIMARY KEY, "
                        + "UNIQUE (tenant_id, id))",
                "CREATE TABLE " + s + ".notes (tenant_id text, id bigserial PRIMARY KEY, customer bigint, "
                        + "CONSTRAINT on_delete FOREIGN KEY (tenant_id, customer) REFERENCES " + s
                        + ".customers (tenant_id, id) ON DELETE SET NULL)",
                "CREATE TABLE " + s + ".tags (tenant_id text, id bigserial PRIMARY KEY, customer bigint, "
                        + "CONSTRAINT on_update FOREIGN KEY (tenant_id, customer) REFERENCES " + s
                        + ".customers (tenant_id, id) ON UPDATE SET NULL)");
        try (Postgres rls = open(db, options(BindingMode.SESSION, s, "customers", "notes", "tags")
                .scopeForeignKeys(true).build())) {
            String message = refusal(() -> rls.forManagement().setup());
            // the ON DELETE one was rewritten to clear only the customer; ON UPDATE takes no column list
            assertThat(message).doesNotContain(s + ".notes.on_delete").contains(s + ".tags.on_update: ON UPDATE SET NULL");
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_policies WHERE schemaname = ?", s)).isZero();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM pg_constraint WHERE conname = 'on_delete' "
                    + "AND confdelsetcols IS NULL")).as("rolled back").isEqualTo(1);
        }
    }

    // ---- unique keys ----------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void uniqueKeysMustBeTenantScopedSoTheyRevealNothing(BindingMode mode, PostgresDatabase db) throws SQLException {
        String s = "uniq_" + mode.name().toLowerCase();
        PgFixture.execute(db, "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".users (tenant_id text NOT NULL, id bigint GENERATED ALWAYS AS IDENTITY "
                        + "PRIMARY KEY, email text NOT NULL UNIQUE, login text NOT NULL)",
                "CREATE UNIQUE INDEX users_login ON " + s + ".users (lower(login))",
                "CREATE TABLE " + s + ".codes (tenant_id text NOT NULL, code text PRIMARY KEY)",
                "CREATE TABLE " + s + ".serials (tenant_id text NOT NULL, id serial PRIMARY KEY)");
        String a = "uq-a-" + mode.name().toLowerCase();
        String b = "uq-b-" + mode.name().toLowerCase();
        try (Postgres rls = open(db, options(mode, s, "users", "codes", "serials").build());
                PostgresTenants tenants = rls.forTenants(app)) {
            String message = refusal(() -> rls.forManagement().setup());
            assertThat(message).contains(s + ".users.users_email_key: the unique constraint does not include tenant_id",
                    s + ".users.users_login: the unique index", s + ".codes.codes_pkey: the primary key",
                    "CREATE UNIQUE INDEX users_login ON " + s + ".users USING btree (\"tenant_id\", lower(login))")
                    .doesNotContain("users_pkey").doesNotContain("serials_pkey");
            runFixes(db, message);
            rls.forManagement().createTenant(a);
            rls.forManagement().createTenant(b);

            String user = "INSERT INTO " + s + ".users (tenant_id, email, login) VALUES (?, ?, ?)";
            tenants.updateAs(b, user, b, "boss@example.com", "Boss");
            // A learns nothing: B's values are free for A, and A's own duplicates still fail
            assertThat(tenants.updateAs(a, user, a, "boss@example.com", "boss")).isEqualTo(1);
            assertThat(sqlFailure(() -> tenants.updateAs(a, user, a, "boss@example.com", "other")).getSQLState())
                    .isEqualTo("23505");
            assertThat(sqlFailure(() -> tenants.updateAs(a, user, a, "x@example.com", "BOSS")).getSQLState())
                    .isEqualTo("23505");
            String code = "INSERT INTO " + s + ".codes VALUES (?, 'WELCOME')";
            tenants.updateAs(b, code, b);
            assertThat(tenants.updateAs(a, code, a)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void exclusionConstraintsMustCompareTheTenantColumn(BindingMode mode, PostgresDatabase db) throws SQLException {
        String s = "excl_" + mode.name().toLowerCase();
        PgFixture.execute(db, "CREATE EXTENSION IF NOT EXISTS btree_gist", "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".bookings (tenant_id text NOT NULL, id bigserial PRIMARY KEY, room int NOT NULL, "
                        + "during int4range NOT NULL, CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&))");
        String a = "ex-a-" + mode.name().toLowerCase();
        String b = "ex-b-" + mode.name().toLowerCase();
        try (Postgres rls = open(db, options(mode, s, "bookings").build()); PostgresTenants tenants = rls.forTenants(app)) {
            String message = refusal(() -> rls.forManagement().setup());
            assertThat(message).contains(s + ".bookings.no_overlap: the exclusion constraint does not include tenant_id WITH =",
                    "EXCLUDE USING gist (\"tenant_id\" WITH =, room WITH =, during WITH &&)");
            runFixes(db, message);
            rls.forManagement().createTenant(a);
            rls.forManagement().createTenant(b);
            String booking = "INSERT INTO " + s + ".bookings (tenant_id, room, during) VALUES (?, 1, int4range(?, ?))";
            tenants.updateAs(b, booking, b, 10, 20);
            assertThat(tenants.updateAs(a, booking, a, 15, 25)).as("B's booking is not A's business").isEqualTo(1);
            assertThat(sqlFailure(() -> tenants.updateAs(a, booking, a, 12, 18)).getSQLState()).isEqualTo("23P01");
        }
    }

    @Test
    void aKnowinglyUnscopedUniqueKeyIsAccepted(PostgresDatabase db) throws SQLException {
        String s = "uniq_accepted";
        PgFixture.execute(db, "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".docs (tenant_id text NOT NULL, id uuid PRIMARY KEY)");
        try (Postgres rls = open(db, options(BindingMode.SESSION, s, "docs")
                .unscopedConstraints(List.of(s + ".docs.docs_pkey")).build())) {
            assertThat(rls.forManagement().setup()).containsExactly(s + ".docs");
        }
    }

    // ---- shared tables --------------------------------------------------------------------------

    @Test
    void sharedTablesMayBeReferencedButMayNotReferenceTenantRows(PostgresDatabase db) throws SQLException {
        String s = "shared_refs";
        PgFixture.execute(db, "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".countries (code text PRIMARY KEY)",
                "CREATE TABLE " + s + ".items (tenant_id text NOT NULL, id bigserial PRIMARY KEY, "
                        + "country text REFERENCES " + s + ".countries (code))",
                "CREATE TABLE " + s + ".audit (id bigserial PRIMARY KEY, item bigint REFERENCES " + s + ".items (id))");
        try (Postgres rls = open(db, options(BindingMode.SESSION, s, "items").build())) {
            String message = refusal(() -> rls.forManagement().setup());
            assertThat(message).contains(s + ".audit.audit_item_fkey: the shared table " + s + ".audit references the "
                    + "tenant table " + s + ".items").doesNotContain("items_country_fkey");
            PgFixture.execute(db, "ALTER TABLE " + s + ".audit DROP CONSTRAINT audit_item_fkey");
            assertThat(rls.forManagement().setup()).containsExactly(s + ".items");
        }
    }

    // ---- cycles ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void aCycleOfConstraintsThatCannotBeDeferredIsRefusedUntilOneIsDeferrable(BindingMode mode, PostgresDatabase db)
            throws SQLException {
        String s = "cycle_" + mode.name().toLowerCase();
        PgFixture.execute(db, "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".teams (tenant_id text NOT NULL, id bigserial PRIMARY KEY, lead bigint, "
                        + "UNIQUE (tenant_id, id))",
                "CREATE TABLE " + s + ".people (tenant_id text NOT NULL, id bigserial PRIMARY KEY, team bigint, "
                        + "UNIQUE (tenant_id, id), FOREIGN KEY (tenant_id, team) REFERENCES " + s + ".teams (tenant_id, id))",
                "ALTER TABLE " + s + ".teams ADD CONSTRAINT team_lead FOREIGN KEY (tenant_id, lead) REFERENCES " + s
                        + ".people (tenant_id, id)");
        String a = "cy-a-" + mode.name().toLowerCase();
        RlsOptions.Builder options = options(mode, s, "teams", "people");
        try (Postgres strict = open(db, options.build())) {
            assertThat(refusal(() -> strict.forManagement().setup()))
                    .contains("reference each other", "ALTER TABLE \"" + s + "\".\"people\" ALTER CONSTRAINT");
        }
        try (Postgres rls = open(db, options.unscopedConstraints(List.of(s + ".teams.team_lead")).build());
                PostgresTenants tenants = rls.forTenants(app)) {
            rls.forManagement().createTenant(a);
            tenants.withConnection(a, c -> {
                long team = insert(c, "INSERT INTO " + s + ".teams (tenant_id) VALUES (?) RETURNING id", a);
                long lead = insert(c, "INSERT INTO " + s + ".people (tenant_id, team) VALUES (?, ?) RETURNING id", a, team);
                insert(c, "UPDATE " + s + ".teams SET lead = ? WHERE id = ? RETURNING id", lead, team);
            });
            assertThatThrownBy(() -> rls.forManagement().deleteTenant(a)).isInstanceOf(TenantDeletionException.class)
                    .hasStackTraceContaining("reference each other through foreign keys that cannot be deferred");
            assertThat(PgFixture.count(db, "SELECT count(*) FROM " + s + ".people WHERE tenant_id = ?", a)).isEqualTo(1);
            assertThat(PgFixture.count(db, "SELECT count(*) FROM fahren.rls_tenants WHERE id = ?", a)).isEqualTo(1);

            PgFixture.execute(db, "ALTER TABLE " + s + ".teams ALTER CONSTRAINT team_lead DEFERRABLE");
            rls.forManagement().deleteTenant(a);
            assertThat(PgFixture.count(db, "SELECT count(*) FROM " + s + ".people WHERE tenant_id = ?", a)).isZero();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM " + s + ".teams WHERE tenant_id = ?", a)).isZero();
        }
    }

    // ---- hostile tenant SQL ---------------------------------------------------------------------

    /** The check covers the constraints the schema has; tenant SQL cannot add one of its own. */
    @ParameterizedTest
    @EnumSource(BindingMode.class)
    void tenantSqlCannotAddAConstraintThatReachesAcrossTenants(BindingMode mode, PostgresDatabase db)
            throws SQLException {
        String s = "hostile_" + mode.name().toLowerCase();
        PgFixture.execute(db, "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".customers (tenant_id text NOT NULL, id bigserial PRIMARY KEY, email text, "
                        + "UNIQUE (tenant_id, id))");
        String a = "ho-a-" + mode.name().toLowerCase();
        try (Postgres rls = open(db, options(mode, s, "customers").build()); PostgresTenants tenants = rls.forTenants(app)) {
            rls.forManagement().createTenant(a);
            for (String ddl : List.of(
                    "ALTER TABLE " + s + ".customers ADD CONSTRAINT spy UNIQUE (email)",
                    "CREATE UNIQUE INDEX spy ON " + s + ".customers (email)",
                    "CREATE TABLE " + s + ".spy (id bigint REFERENCES " + s + ".customers (id))",
                    "CREATE TABLE public.spy (id bigint REFERENCES " + s + ".customers (id))",
                    "CREATE TEMP TABLE spy (id bigint REFERENCES " + s + ".customers (id))")) {
                assertThat(sqlFailure(() -> tenants.updateAs(a, ddl)).getSQLState()).as(ddl).startsWith("42");
            }
        }
    }

    // ---- migrations after setup -----------------------------------------------------------------

    @Test
    void createTenantRefusesAConstraintAddedAfterSetup(PostgresDatabase db) throws SQLException {
        String s = "migrated";
        PgFixture.execute(db, "CREATE SCHEMA " + s,
                "CREATE TABLE " + s + ".customers (tenant_id text NOT NULL, id bigserial PRIMARY KEY)",
                "CREATE TABLE " + s + ".orders (tenant_id text NOT NULL, id bigserial PRIMARY KEY, customer bigint)");
        try (Postgres rls = open(db, options(BindingMode.SESSION, s, "customers", "orders").build())) {
            rls.forManagement().createTenant("mig-1");
            PgFixture.execute(db, "ALTER TABLE " + s + ".orders ADD FOREIGN KEY (customer) REFERENCES " + s
                    + ".customers (id)");
            assertThatThrownBy(() -> rls.forManagement().createTenant("mig-2"))
                    .hasStackTraceContaining(s + ".orders.orders_customer_fkey")
                    .hasStackTraceContaining("tenant 'mig-2' was not created");
            assertThat(rls.forManagement().find("mig-2")).isEmpty();
            assertThat(PgFixture.count(db, "SELECT count(*) FROM fahren.rls_tenants WHERE id = 'mig-2'")).isZero();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    private static long insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getLong(1);
            }
        }
    }

    private static long insertAs(PostgresTenants tenants, String tenant, String sql, Object... params) {
        return tenants.callWithConnection(tenant, c -> insert(c, sql, params));
    }

    private static Map<String, Long> rowsOf(PostgresDatabase db, String schema, String tenant) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : SHOP) {
            rows.put(table, PgFixture.count(db, "SELECT count(*) FROM " + schema + "." + table + " WHERE tenant_id = ?",
                    tenant));
        }
        return rows;
    }

    private static long columnsOf(PostgresDatabase db, String schema, String constraint) throws SQLException {
        return PgFixture.count(db, "SELECT cardinality(c.conkey) FROM pg_constraint c JOIN pg_namespace n "
                + "ON n.oid = c.connamespace WHERE n.nspname = ? AND c.conname = ?", schema, constraint);
    }

    /** @return the message of the configuration error the action throws */
    private static String refusal(org.assertj.core.api.ThrowableAssert.ThrowingCallable action) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(action);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof FahrenConfigurationException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("expected a FahrenConfigurationException", thrown);
    }

    private static SQLException sqlFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable action) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(action);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                return e;
            }
        }
        throw new AssertionError("expected an SQLException", thrown);
    }

    /** Runs every "Fix:" line of a refusal, as a user would paste them. */
    private static void runFixes(PostgresDatabase db, String message) throws SQLException {
        List<String> statements = new ArrayList<>();
        Matcher m = FIX.matcher(message);
        while (m.find()) {
            for (String statement : m.group(1).replaceAll(" \\((foreign keys that|with btree_gist) [^)]*\\)$", "")
                    .split("; ")) {
                if (!statements.contains(statement)) {
                    statements.add(statement);
                }
            }
        }
        assertThat(statements).isNotEmpty();
        PgFixture.execute(db, statements.toArray(String[]::new));
    }
}
