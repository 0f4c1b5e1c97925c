package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantState;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.postgres.servers.StartedServers;
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
 * Moving a tenant's database between two real PostgreSQL servers: what is copied, what is
 * refused, a failure undone, a crash after each step settled to exactly one server, and another
 * process that keeps a warm pool following the tenant.
 */
class TenantMoveTest {

    private static StartedServers pg;

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private TenantSecrets secrets;
    private Postgres postgres;
    private PostgresManagement management;
    private PostgresTenants tenants;

    /** A crash: nothing catches it, so nothing is undone. */
    private static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @BeforeAll
    static void startServers() {
        pg = StartedServers.start(2);
    }

    @AfterAll
    static void stopServers() {
        pg.stop();
    }

    private TenantServers servers() {
        return TenantServers.of(List.of(TenantServer.of("east", pg.login(0)), TenantServer.of("west", pg.login(1))),
                TenantPlacement.byAttribute("server", TenantPlacement.fewestTenants()));
    }

    private DatabaseOptions options() {
        return DatabaseOptions.builder().prefix("m" + run.substring(0, 4) + "_").revokePublicConnect(true)
                .registrySchema("fahren_moves").build();
    }

    @BeforeEach
    void start() {
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
        postgres = Postgres.withDatabaseIsolation(pg.login(0), secrets, options(), servers());
        management = postgres.forManagement();
        tenants = postgres.forTenants();
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

    private String database(String tenant) {
        return "m" + run.substring(0, 4) + "_" + tenant;
    }

    private int portOf(String tenant) {
        return ((Number) tenants.queryAs(tenant, "SELECT inet_server_port() AS port").get(0).get("port")).intValue();
    }

    private long databases(int server, String tenant) throws SQLException {
        return pg.count(server, "SELECT count(*) FROM pg_database WHERE datname = ?", database(tenant));
    }

    private long loginRoles(int server, String tenant) throws SQLException {
        return pg.count(server, "SELECT count(*) FROM pg_roles WHERE rolname = ? AND rolcanlogin", database(tenant));
    }

    /** A tenant on east with the kinds of objects a move copies, and rows in each table. */
    private void seed(String tenant) {
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
    void aTenantMovesWithItsRowsSequencesConstraintsAndIndexesAndTheOldCopyStaysUntilConfirmed() throws Exception {
        String tenant = "mv-" + run;
        seed(tenant);
        // tenant code runs on the new server with the tenant's rights only: a check the copy evaluates
        // (here, that the session is the tenant's own login) would fail in a superuser's session
        tenants.withConnection(tenant, c -> c.createStatement().execute(
                "ALTER TABLE items ADD CONSTRAINT own_session CHECK (session_user = current_user)"));
        assertThat(portOf(tenant)).isEqualTo(pg.get(0).port());

        TenantMove move = postgres.moveTenant(tenant, "west");

        assertThat(move.from()).isEqualTo("east");
        assertThat(move.to()).isEqualTo("west");
        assertThat(move.rows()).containsEntry("public.items", 500L).containsEntry("public.lines", 1500L);
        assertThat(portOf(tenant)).as("served from west").isEqualTo(pg.get(1).port());
        assertThat(management.find(tenant).orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
        assertThat(management.find(tenant).orElseThrow().attributes()).containsEntry(TenantPlacement.ATTRIBUTE, "west")
                .containsEntry("plan", "pro").containsEntry("fahren.moved-from", "east")
                .doesNotContainKeys("fahren.moving-to", "fahren.moving-switched");
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n, sum(total) AS t FROM lines").get(0))
                .containsEntry("n", 1500L);
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
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND "
                + "tableowner <> current_user").get(0)).as("the tenant owns its tables on west").containsEntry("n", 0L);

        assertThat(databases(0, tenant)).as("the old copy is kept on east").isEqualTo(1);
        assertThat(loginRoles(0, tenant)).as("its role is switched off").isZero();
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "east")).hasStackTraceContaining("confirm that move first");

        assertThat(postgres.confirmMove(tenant)).contains("east");
        assertThat(databases(0, tenant)).isZero();
        assertThat(pg.count(0, "SELECT count(*) FROM pg_roles WHERE rolname = ?", database(tenant))).isZero();
        assertThat(management.find(tenant).orElseThrow().attributes()).doesNotContainKey("fahren.moved-from");

        management.deleteTenant(tenant);
        assertThat(databases(1, tenant)).isZero();
    }

    @Test
    void whatAMoveCannotCopyIsRefusedBeforeAnythingChanges() throws Exception {
        String tenant = "mr-" + run;
        seed(tenant);
        tenants.withConnection(tenant, c -> c.createStatement().execute("CREATE VIEW cheap AS SELECT * FROM items WHERE price < 10"));
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "west")).hasStackTraceContaining("cannot be moved")
                .hasStackTraceContaining("view");
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "east")).hasStackTraceContaining("on 'east' already");
        assertThatThrownBy(() -> postgres.moveTenant(tenant, "south")).hasStackTraceContaining("No tenant server is named");
        assertThat(management.find(tenant).orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
        assertThat(databases(1, tenant)).isZero();
        assertThat(portOf(tenant)).isEqualTo(pg.get(0).port());
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
        assertThat(databases(1, tenant)).as("the target's copy is dropped").isZero();
        assertThat(management.find(tenant).orElseThrow().state()).isEqualTo(TenantState.ACTIVE);
        assertThat(portOf(tenant)).isEqualTo(pg.get(0).port());
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n FROM lines").get(0)).containsEntry("n", 1500L);
    }

    /**
     * A crash after each step (nothing undone), then {@code recoverMove}: the tenant is ACTIVE,
     * with all its rows, on exactly one server (the only one where its role may log in): the old
     * one before the switch, the new one after.
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
        assertThat(portOf(tenant)).isEqualTo(pg.get(serving).port());
        assertThat(loginRoles(serving, tenant) + loginRoles(1 - serving, tenant)).as("one server lets it log in")
                .isEqualTo(1);
        assertThat(loginRoles(serving, tenant)).isEqualTo(1);
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n FROM lines").get(0)).containsEntry("n", 1500L);
        assertThat(management.find(tenant).orElseThrow().attributes())
                .containsEntry(TenantPlacement.ATTRIBUTE, switched ? "west" : "east")
                .doesNotContainKeys("fahren.moving-to", "fahren.moving-switched");
        if (!switched) {
            assertThat(databases(1, tenant)).as("no copy left on west").isZero();
        }
        assertThat(postgres.recoverMove(tenant)).as("nothing left to settle").isFalse();
    }

    /** Another process with a warm pool for the tenant follows it to the new server by its secret. */
    @Test
    void anotherProcessFollowsTheTenantToItsNewServer() throws Exception {
        String tenant = "mo-" + run;
        seed(tenant);
        try (PostgresTenants other = Postgres.tenantsOnly(pg.login(0), options(), secrets, servers())) {
            assertThat(other.queryAs(tenant, "SELECT inet_server_port() AS port").get(0))
                    .containsEntry("port", pg.get(0).port());
            postgres.moveTenant(tenant, "west");
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (true) {
                try {
                    assertThat(other.queryAs(tenant, "SELECT inet_server_port() AS port").get(0))
                            .containsEntry("port", pg.get(1).port());
                    break;
                } catch (RuntimeException | AssertionError notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(200); // its connections to east end with the suspension, and fail once
                }
            }
        }
    }
}
