package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantState;
import io.fahren.postgres.servers.StartedServers;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Moving a tenant between two real PostgreSQL servers, for each strategy that places tenants on
 * servers (database per tenant; schema per tenant with a shared pool or per-tenant logins): what
 * is copied, the old copy kept but closed to the tenant until confirmed, what is refused, a failure
 * undone, a crash after each step settled to exactly one server, and another process following
 * the tenant.
 */
abstract class MoveContract {

    static final String APP = "mv_app";
    static final String APP_PASSWORD = "app-" + UUID.randomUUID();
    static StartedServers pg;

    @TempDir
    Path dir;

    final String run = UUID.randomUUID().toString().substring(0, 6);
    TenantSecrets secrets;
    Postgres postgres;
    PostgresManagement management;
    PostgresTenants tenants;

    /** A crash: nothing catches it, so nothing is undone. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @BeforeAll
    static void startServers() throws Exception {
        pg = StartedServers.start(2);
        pg.everywhere("CREATE ROLE " + APP + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
    }

    @AfterAll
    static void stopServers() {
        pg.stop();
    }

    /** @return whether each tenant has its own login (else a shared pool) */
    abstract boolean perTenantLogins();

    /** @return the strategy under test, placing tenants on {@link #servers()} */
    abstract Postgres open(TenantSecrets secrets);

    /** @return the tenants side of another process */
    abstract PostgresTenants otherProcess();

    /** @return the query counting the tenant's databases or schemas of a name, one parameter */
    abstract String copiesQuery();

    /** @return the statement that creates a database or schema of that name, for the refusal test */
    abstract String occupy(String name);

    /** @return how the copy names a tenant's table in {@link TenantMove#rows()} */
    abstract String qualified(String tenant, String table);

    TenantServers servers() {
        return TenantServers.of(List.of(TenantServer.of("east", pg.login(0)), TenantServer.of("west", pg.login(1))),
                TenantPlacement.byAttribute("server", TenantPlacement.fewestTenants()));
    }

    /** @return the tenants-side login: the shared pools' (on every server), or the registry reader */
    PostgresConnection tenantsLogin() {
        return perTenantLogins() ? pg.login(0) : PostgresConnection.of(pg.get(0).jdbcUrl("postgres"), APP, APP_PASSWORD);
    }

    /** @return the prefix of tenant roles, databases and schemas */
    String prefix() {
        return "v" + run.substring(0, 4) + "_";
    }

    @BeforeEach
    void start() {
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
        postgres = open(secrets);
        management = postgres.forManagement();
        tenants = postgres.forTenants(tenantsLogin());
    }

    @AfterEach
    void stop() {
        for (var tenant : management.list()) {
            postgres.recoverMove(tenant.id().value());
            management.deleteTenant(tenant.id().value());
        }
        tenants.close();
        postgres.close();
    }

    /** @return the name of the tenant's role, and of its database or schema */
    String name(String tenant) {
        return prefix() + tenant;
    }

    int portOf(PostgresTenants side, String tenant) {
        return ((Number) side.queryAs(tenant, "SELECT inet_server_port() AS port").get(0).get("port")).intValue();
    }

    long copies(int server, String tenant) throws SQLException {
        return pg.count(server, copiesQuery(), name(tenant));
    }

    long roles(int server, String tenant) throws SQLException {
        return pg.count(server, "SELECT count(*) FROM pg_roles WHERE rolname = ?", name(tenant));
    }

    /**
     * @return whether the tenant's role can reach its tables on that server: log in (own login), or
     *         (shared pool) be switched to by the tenants-side login and write its tables
     */
    boolean open(int server, String tenant) throws SQLException {
        if (roles(server, tenant) == 0) {
            return false;
        }
        if (perTenantLogins()) {
            return pg.count(server, "SELECT count(*) FROM pg_roles WHERE rolname = ? AND rolcanlogin", name(tenant)) == 1;
        }
        return pg.count(server, "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u "
                + "ON u.oid = m.member WHERE u.rolname = '" + APP + "' AND r.rolname = ?", name(tenant)) == 1
                && pg.count(server, "SELECT count(*) FROM (SELECT ?::text AS r) x JOIN pg_tables t ON t.schemaname = x.r "
                        + "WHERE has_table_privilege(x.r, format('%I.%I', t.schemaname, t.tablename), 'INSERT')",
                        name(tenant)) > 0;
    }

    /** A tenant on east with the kinds of objects a move copies, and rows in each table. */
    void seed(String tenant) {
        management.createTenant(tenant, Map.of("server", "east", "plan", "pro"));
        tenants.withConnection(tenant, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, "
                        + "price numeric(10,2) DEFAULT 0 CHECK (price >= 0), \"Mixed Case\" text COLLATE \"C\")");
                s.execute("CREATE TABLE lines (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                        + "item bigint NOT NULL REFERENCES items (id), qty int, total int GENERATED ALWAYS AS (qty * 2) STORED)");
                s.execute("CREATE INDEX lines_by_item ON lines (item)");
                s.execute("CREATE SEQUENCE tickets START 100");
                s.execute("INSERT INTO items (name, price, \"Mixed Case\") SELECT 'item ' || g, g, 'x' FROM generate_series(1, 500) g");
                s.execute("INSERT INTO lines (item, qty) SELECT 1 + g % 500, g FROM generate_series(1, 1500) g");
                s.execute("SELECT nextval('tickets'), nextval('tickets')");
            }
        });
    }

    @Test
    void aSchemaMovesWithItsRowsSequencesConstraintsAndIndexesAndTheOldCopyStaysClosedUntilConfirmed() throws Exception {
        String tenant = "mv-" + run;
        seed(tenant);
        if (perTenantLogins()) {
            // tenant code runs on the new server with the tenant's rights only: a check the copy
            // evaluates (that the session is the tenant's own login) fails in a superuser's session
            tenants.withConnection(tenant, c -> c.createStatement().execute(
                    "ALTER TABLE items ADD CONSTRAINT own_session CHECK (session_user = current_user)"));
        }
        String neighbour = "nb-" + run;
        management.createTenant(neighbour, Map.of("server", "west"));
        tenants.withConnection(neighbour, c -> c.createStatement().execute("CREATE TABLE items (secret text)"));
        tenants.updateAs(neighbour, "INSERT INTO items VALUES ('of the neighbour')");
        assertThat(portOf(tenants, tenant)).isEqualTo(pg.get(0).port());

        TenantMove move = postgres.moveTenant(tenant, "west");

        assertThat(move.from()).isEqualTo("east");
        assertThat(move.to()).isEqualTo("west");
        assertThat(move.rows()).containsEntry(qualified(tenant, "items"), 500L)
                .containsEntry(qualified(tenant, "lines"), 1500L);
        assertThat(portOf(tenants, tenant)).as("served from west").isEqualTo(pg.get(1).port());
        assertThat(management.find(tenant).orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
        assertThat(management.find(tenant).orElseThrow().attributes()).containsEntry(TenantPlacement.ATTRIBUTE, "west")
                .containsEntry("plan", "pro").containsEntry("fahren.moved-from", "east")
                .doesNotContainKeys("fahren.moving-to", "fahren.moving-switched");
        assertThat(tenants.queryAs(tenant, "SELECT current_user AS u").get(0)).containsEntry("u", name(tenant));
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n FROM lines").get(0)).containsEntry("n", 1500L);
        // sequences continue where they were; constraints, identity, generated columns and ownership hold
        assertThat(tenants.queryAs(tenant, "INSERT INTO items (name) VALUES ('new') RETURNING id").get(0))
                .containsEntry("id", 501L);
        assertThat(tenants.queryAs(tenant, "SELECT nextval('tickets') AS t").get(0)).containsEntry("t", 102L);
        assertThat(tenants.queryAs(tenant, "INSERT INTO lines (item, qty) VALUES (1, 21) RETURNING id, total").get(0))
                .containsEntry("id", 1501).containsEntry("total", 42);
        assertThatThrownBy(() -> tenants.updateAs(tenant, "INSERT INTO lines (item, qty) VALUES (9999, 1)"))
                .hasStackTraceContaining("foreign key");
        assertThatThrownBy(() -> tenants.updateAs(tenant, "INSERT INTO items (name) VALUES ('item 1')"))
                .hasStackTraceContaining("unique");
        assertThatThrownBy(() -> tenants.updateAs(tenant, "UPDATE items SET price = -1 WHERE id = 1"))
                .hasStackTraceContaining("check constraint");
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n FROM pg_indexes WHERE indexname = 'lines_by_item'")
                .get(0)).containsEntry("n", 1L);
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() "
                + "AND tableowner <> current_user").get(0)).as("the tenant owns its tables on west").containsEntry("n", 0L);
        // the neighbour on west is untouched, and the moved tenant cannot reach it
        assertThat(tenants.queryAs(neighbour, "SELECT secret FROM items")).containsExactly(Map.of("secret", "of the neighbour"));
        assertThatThrownBy(() -> tenants.queryAs(tenant, "SELECT * FROM \"" + name(neighbour) + "\".items"))
                .isInstanceOf(RuntimeException.class).hasStackTraceContaining(name(neighbour));

        assertThat(copies(0, tenant)).as("the old copy is kept on east").isEqualTo(1);
        assertThat(open(0, tenant)).as("closed to the tenant").isFalse();
        assertThat(open(1, tenant)).isTrue();
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "east")).hasStackTraceContaining("confirm that move first");

        assertThat(postgres.confirmMove(tenant)).contains("east");
        assertThat(copies(0, tenant)).isZero();
        assertThat(roles(0, tenant)).isZero();
        assertThat(management.find(tenant).orElseThrow().attributes()).doesNotContainKey("fahren.moved-from");

        management.deleteTenant(tenant);
        assertThat(copies(1, tenant) + roles(1, tenant)).isZero();
    }

    @Test
    void whatAMoveCannotCopyOrWouldOverwriteIsRefusedBeforeAnythingChanges() throws Exception {
        String tenant = "mr-" + run;
        seed(tenant);
        tenants.withConnection(tenant, c -> c.createStatement().execute("CREATE VIEW cheap AS SELECT * FROM items WHERE price < 10"));
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "west")).hasStackTraceContaining("cannot be moved")
                .hasStackTraceContaining("view");
        tenants.withConnection(tenant, c -> c.createStatement().execute("DROP VIEW cheap"));
        try (var c = pg.get(1).connect("postgres"); var s = c.createStatement()) {
            s.execute(occupy(name(tenant)));
        }
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "west")).hasStackTraceContaining("has a role or")
                .hasStackTraceContaining("named " + name(tenant) + " already");
        try (var c = pg.get(1).connect("postgres"); var s = c.createStatement()) {
            s.execute(occupy(name(tenant)).replace("CREATE", "DROP"));
        }
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "east")).hasStackTraceContaining("on 'east' already");
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "south")).hasStackTraceContaining("No tenant server is named");
        assertThat(management.find(tenant).orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
        assertThat(copies(1, tenant) + roles(1, tenant)).isZero();
        assertThat(portOf(tenants, tenant)).isEqualTo(pg.get(0).port());
    }

    @Test
    void aFailureBeforeTheSwitchIsUndoneAndTheTenantWorksWhereItWas() throws Exception {
        String tenant = "mf-" + run;
        seed(tenant);
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "west", step -> {
            if (step.equals("copy")) {
                throw new IllegalStateException("failing after the copy");
            }
        })).hasMessageContaining("failing after the copy");
        assertThat(copies(1, tenant) + roles(1, tenant)).as("the target's copy is dropped").isZero();
        assertThat(management.find(tenant).orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
        assertThat(portOf(tenants, tenant)).isEqualTo(pg.get(0).port());
        assertThat(open(0, tenant)).isTrue();
        assertThat(tenants.updateAs(tenant, "INSERT INTO items (name) VALUES ('after the failed move')")).isEqualTo(1);
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n FROM lines").get(0)).containsEntry("n", 1500L);
    }

    /**
     * A crash after each step (nothing undone), then {@code recoverMove}: the tenant is ACTIVE,
     * with all its rows, writable, on exactly one server (the only one where its role is open): the
     * old one before the switch, the new one after.
     */
    @ParameterizedTest
    @ValueSource(strings = {"begin", "suspend", "copy", "switch", "resume"})
    void aCrashAfterAnyStepIsSettledToExactlyOneServer(String crashAfter) throws Exception {
        String tenant = "mc-" + crashAfter.charAt(0) + crashAfter.charAt(1) + "-" + run;
        seed(tenant);
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "west", step -> {
            if (step.equals(crashAfter)) {
                throw new Crash();
            }
        })).isInstanceOf(Crash.class);

        assertThat(postgres.recoverMove(tenant)).isTrue();

        boolean switched = crashAfter.equals("switch") || crashAfter.equals("resume");
        int serving = switched ? 1 : 0;
        assertThat(management.find(tenant).orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
        assertThat(portOf(tenants, tenant)).isEqualTo(pg.get(serving).port());
        assertThat(open(serving, tenant)).isTrue();
        assertThat(open(1 - serving, tenant)).as("one server lets it in").isFalse();
        assertThat(tenants.updateAs(tenant, "INSERT INTO items (name) VALUES ('after the crash')")).isEqualTo(1);
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n FROM lines").get(0)).containsEntry("n", 1500L);
        assertThat(management.find(tenant).orElseThrow().attributes())
                .containsEntry(TenantPlacement.ATTRIBUTE, switched ? "west" : "east")
                .doesNotContainKeys("fahren.moving-to", "fahren.moving-switched");
        if (!switched) {
            assertThat(copies(1, tenant) + roles(1, tenant)).as("no copy left on west").isZero();
        }
        assertThat(postgres.recoverMove(tenant)).as("nothing left to settle").isFalse();
    }

    /** Another process serving the tenant follows it to the new server. */
    @Test
    void anotherProcessFollowsTheTenantToItsNewServer() throws Exception {
        String tenant = "mo-" + run;
        seed(tenant);
        try (PostgresTenants other = otherProcess()) {
            assertThat(portOf(other, tenant)).isEqualTo(pg.get(0).port());
            postgres.moveTenant(tenant, "west");
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (true) {
                try {
                    assertThat(portOf(other, tenant)).isEqualTo(pg.get(1).port());
                    assertThat(other.queryAs(tenant, "SELECT count(*) AS n FROM lines").get(0)).containsEntry("n", 1500L);
                    break;
                } catch (RuntimeException | AssertionError notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(200); // its cached record or its connections to east expire first
                }
            }
        }
    }
}
