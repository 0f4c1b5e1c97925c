package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;

/**
 * Tenant code is hostile: whatever session state it leaves on a pooled connection, the next
 * tenant to use that server session sees none of it. Every strategy with a shared pool, in every
 * binding mode, directly and through PgBouncer in both pool modes; the pool has one connection,
 * and each test checks that both tenants really used the same server session.
 */
@WithPostgres
class SessionStateTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final AtomicInteger SETUPS = new AtomicInteger();
    private static PostgresConnection rlsApp;
    private static PostgresConnection schemaApp;

    @BeforeAll
    static void logins(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE notes (tenant_id text NOT NULL, body text)");
        rlsApp = PgFixture.newLogin(db, "ss_rls", "NOSUPERUSER NOBYPASSRLS");
        schemaApp = PgFixture.newLogin(db, "ss_schema", "NOSUPERUSER NOBYPASSRLS");
    }

    /** One strategy, set up in one topology, with tenants a (the hostile one) and b. */
    private record Setup(Postgres postgres, PostgresTenants tenants, String a, String b) implements AutoCloseable {
        @Override
        public void close() {
            tenants.close();
            postgres.close();
        }
    }

    static List<Object[]> schemaCases() {
        return Topology.all().map(t -> new Object[] {"schema", t}).toList();
    }

    static List<Object[]> cases() {
        return Topology.all().flatMap(t -> List.of(new Object[] {"rls", t}, new Object[] {"schema", t}).stream()).toList();
    }

    /** Session binding only: the topologies where a server session rests bound to its last tenant. */
    static List<Object[]> sessionCases() {
        return cases().stream().filter(c -> ((Topology) c[1]).mode() == BindingMode.SESSION).toList();
    }

    private static Setup setup(PostgresDatabase db, String strategy, Topology topology) {
        String suffix = SETUPS.incrementAndGet() + "-" + RUN;
        String a = "a" + suffix;
        String b = "b" + suffix;
        PostgresConnection admin = topology.through(db, PgFixture.admin(db));
        Postgres postgres;
        PostgresConnection app;
        if (strategy.equals("rls")) {
            app = topology.through(db, rlsApp);
            postgres = Postgres.withRlsIsolation(admin, RlsOptions.builder().autoSetup(true).poolSize(1)
                    .bindingMode(topology.mode()).tables(List.of("public.notes")).policyName("p_ss")
                    .tenantLogins(List.of(app.username())).build());
        } else {
            app = topology.through(db, schemaApp);
            postgres = Postgres.withSchemaIsolation(admin, SchemaOptions.builder().poolSize(1)
                    .bindingMode(topology.mode()).tenantLogins(List.of(app.username())).build());
        }
        PostgresTenants tenants = null;
        try {
            postgres.forManagement().createTenant(a);
            postgres.forManagement().createTenant(b);
            tenants = postgres.forTenants(app);
            if (strategy.equals("schema")) {
                for (String t : List.of(a, b)) {
                    tenants.withConnection(t, c -> c.createStatement().execute(
                            "CREATE TABLE notes (tenant_id text NOT NULL, body text)"));
                }
            }
            tenants.updateAs(a, "INSERT INTO notes VALUES (?, 'secret of a')", a);
            return new Setup(postgres, tenants, a, b);
        } catch (RuntimeException e) { // a setup that fails closes its pools, or PgBouncer's fill up and later tests hang
            if (tenants != null) {
                tenants.close();
            }
            postgres.close();
            throw e;
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void theNextTenantSeesNoSessionStateOfThePrevious(String strategy, Topology topology, PostgresDatabase db) {
        try (Setup s = setup(db, strategy, topology)) {
            Object pidOfA = s.tenants.callWithConnection(s.a, c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TEMP TABLE leak (body text)");
                    st.execute("INSERT INTO leak VALUES ('temp row of a')");
                    st.execute("SET app.user_email = 'boss@a.example'");
                    st.execute("SET search_path = pg_temp, public");
                    st.execute("SET default_transaction_read_only = on");
                    st.execute("LISTEN channel_of_a");
                    st.execute("SELECT pg_advisory_lock(4242)");
                    st.execute("PREPARE statement_of_a AS SELECT 'a'");
                }
                return pid(c);
            });

            Map<String, Object> seen = s.tenants.queryAs(s.b, "SELECT pg_backend_pid() AS pid, "
                    + "to_regclass('pg_temp.leak') IS NOT NULL AS temp_table, "
                    + "coalesce(current_setting('app.user_email', true), '') AS custom_setting, "
                    + "current_setting('search_path') AS search_path, "
                    + "current_setting('default_transaction_read_only') AS read_only_default, "
                    + "current_setting('transaction_read_only') AS read_only, "
                    + "(SELECT count(*) FROM pg_listening_channels()) AS channels, "
                    + "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS locks, "
                    + "(SELECT count(*) FROM pg_prepared_statements WHERE name = 'statement_of_a') AS prepared").get(0);

            assertThat(seen.get("pid")).as("both tenants used one server session").isEqualTo(pidOfA);
            assertThat(seen).containsEntry("temp_table", false).containsEntry("custom_setting", "")
                    .containsEntry("read_only_default", "off").containsEntry("read_only", "off")
                    .containsEntry("locks", 0L).containsEntry("prepared", 0L);
            // UNLISTEN, like LISTEN, takes effect when its transaction commits (transaction binding
            // sends it inside b's first transaction); b could not read notifications anyway, as its
            // connection does not unwrap to PGConnection
            assertThat(s.tenants.queryAs(s.b, "SELECT pg_backend_pid() AS pid, "
                    + "(SELECT count(*) FROM pg_listening_channels()) AS channels").get(0))
                    .containsEntry("pid", pidOfA).containsEntry("channels", 0L);
            assertThat((String) seen.get("search_path")).doesNotStartWith("pg_temp");
            assertThat(s.tenants.queryAs(s.b, "SELECT body FROM notes")).as("b reads no row of a").isEmpty();
            assertThat(s.tenants.updateAs(s.b, "INSERT INTO notes VALUES (?, 'b writes')", s.b)).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void aTransactionLeftOpenIsRolledBackAndTheNextTenantsWorkCommits(String strategy, Topology topology,
            PostgresDatabase db) throws SQLException {
        try (Setup s = setup(db, strategy, topology)) {
            s.tenants.withConnection(s.a, c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("COMMIT");
                    st.execute("BEGIN");
                    st.execute("INSERT INTO notes VALUES ('" + s.a + "', 'uncommitted of a')");
                }
            });
            assertThat(s.tenants.updateAs(s.b, "INSERT INTO notes VALUES (?, 'committed of b')", s.b)).isEqualTo(1);
            String tableOfB = strategy.equals("rls") ? "public.notes" : "\"tenant_" + s.b + "\".notes";
            assertThat(PgFixture.count(db, "SELECT count(*) FROM " + tableOfB + " WHERE tenant_id = ? AND body = "
                    + "'committed of b'", s.b)).as("b's row is committed, under b").isEqualTo(1);
            String tableOfA = strategy.equals("rls") ? "public.notes" : "\"tenant_" + s.a + "\".notes";
            // With session binding the work's raw transaction is a's own business, and is rolled
            // back at release; with transaction binding Fahren commits the work's transaction.
            assertThat(PgFixture.count(db, "SELECT count(*) FROM " + tableOfA + " WHERE tenant_id = ? AND body = "
                    + "'uncommitted of a'", s.a)).isEqualTo(topology.mode() == BindingMode.SESSION ? 0 : 1);
        }
    }

    /**
     * Whatever kind the first statement after a switch from tenant a is (a batch, a callable, a
     * prepared statement with parameters, a statement that fails), it runs as b, on the same server
     * session: the binding does not depend on the application starting with a plain query.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void theFirstStatementAfterATenantSwitchRunsAsTheNewTenantWhateverItsKind(String strategy, Topology topology,
            PostgresDatabase db) throws SQLException {
        try (Setup s = setup(db, strategy, topology)) {
            String roleOfB = strategy.equals("rls") ? RlsOptions.defaults().tenantRole() : "tenant_" + s.b;
            Object pidOfA = s.tenants.callWithConnection(s.a, SessionStateTest::pid);

            // a prepared batch first
            s.tenants.withConnection(s.b, c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO notes VALUES (?, ?)")) {
                    for (String body : List.of("batch 1", "batch 2")) {
                        p.setString(1, s.b);
                        p.setString(2, body);
                        p.addBatch();
                    }
                    assertThat(p.executeBatch()).containsExactly(1, 1);
                }
                assertThat(pid(c)).isEqualTo(pidOfA);
            });
            // a plain statement batch first, switching back from a
            s.tenants.callWithConnection(s.a, SessionStateTest::pid);
            s.tenants.withConnection(s.b, c -> {
                try (Statement st = c.createStatement()) {
                    st.addBatch("INSERT INTO notes VALUES ('" + s.b + "', 'batch 3')");
                    assertThat(st.executeBatch()).containsExactly(1);
                }
            });
            String tableOfB = strategy.equals("rls") ? "public.notes" : "\"tenant_" + s.b + "\".notes";
            assertThat(PgFixture.count(db, "SELECT count(*) FROM " + tableOfB + " WHERE tenant_id = ? AND body LIKE "
                    + "'batch %'", s.b)).as("the batches ran as b").isEqualTo(3);

            // a callable first
            s.tenants.callWithConnection(s.a, SessionStateTest::pid);
            String roleSeen = s.tenants.callWithConnection(s.b, c -> {
                try (CallableStatement call = c.prepareCall("{? = call pg_catalog.current_setting(?)}")) {
                    call.registerOutParameter(1, Types.VARCHAR);
                    call.setString(2, "role");
                    call.execute();
                    assertThat(pid(c)).isEqualTo(pidOfA);
                    return call.getString(1);
                }
            });
            assertThat(roleSeen).as("the callable ran as b").isEqualTo(roleOfB);

            // a prepared statement with parameters first
            s.tenants.callWithConnection(s.a, SessionStateTest::pid);
            long secretsSeen = s.tenants.callWithConnection(s.b, c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM notes WHERE body = ?")) {
                    p.setString(1, "secret of a");
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            assertThat(secretsSeen).as("b's parameterised select sees no row of a").isZero();

            // a failing statement first: what follows still runs as b
            s.tenants.callWithConnection(s.a, SessionStateTest::pid);
            String roleAfterFailure = s.tenants.callWithConnection(s.b, c -> {
                try (Statement st = c.createStatement()) {
                    assertThatThrownBy(() -> st.execute("SELECT * FROM no_such_table_anywhere"))
                            .isInstanceOf(SQLException.class);
                }
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT current_setting('role'), "
                                + "(SELECT count(*) FROM notes WHERE body = 'secret of a')")) {
                    rs.next();
                    assertThat(rs.getLong(2)).as("no row of a after b's failed statement").isZero();
                    assertThat(pid(c)).isEqualTo(pidOfA);
                    return rs.getString(1);
                }
            });
            assertThat(roleAfterFailure).isEqualTo(roleOfB);
        }
    }

    /** Schema per tenant only: RLS's shared tables are in the application's schemas, on its own search_path. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("schemaCases")
    void aTemporaryTableNeverShadowsATenantTable(String strategy, Topology topology, PostgresDatabase db) {
        try (Setup s = setup(db, strategy, topology)) {
            String body = s.tenants.callWithConnection(s.a, c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TEMP TABLE notes (tenant_id text, body text)");
                    st.execute("INSERT INTO notes VALUES ('x', 'temp')");
                    var rs = st.executeQuery("SELECT body FROM notes");
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(body).as("the unqualified name is the tenant's table").isEqualTo("secret of a");
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void aConnectionCannotBeUnwrappedOrKeptPastItsCheckout(String strategy, Topology topology, PostgresDatabase db)
            throws SQLException {
        try (Setup s = setup(db, strategy, topology)) {
            Connection held = s.tenants.connection(s.a);
            Statement statement = held.createStatement();
            for (Function<Object, Object> escape : List.<Function<Object, Object>>of(
                    o -> unwrap(held, PGConnection.class), o -> unwrap(statement, org.postgresql.PGStatement.class),
                    o -> unwrap(metaData(held), org.postgresql.jdbc.PgDatabaseMetaData.class))) {
                assertThatThrownBy(() -> escape.apply(null)).hasRootCauseInstanceOf(SQLException.class)
                        .hasStackTraceContaining("cannot be unwrapped");
            }
            assertThat(statement.getConnection()).isSameAs(held);
            assertThat(held.isWrapperFor(PGConnection.class)).isFalse();
            held.close();
            assertThatThrownBy(() -> statement.executeQuery("SELECT body FROM notes")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(held::createStatement).isInstanceOf(SQLException.class).hasMessageContaining("closed");
            assertThat(s.tenants.queryAs(s.b, "SELECT body FROM notes")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void queryAsRunsAWriteOnceAndReturnsNoRows(String strategy, Topology topology, PostgresDatabase db) {
        try (Setup s = setup(db, strategy, topology)) {
            assertThat(s.tenants.queryAs(s.b, "INSERT INTO notes VALUES (?, 'once')", s.b)).isEmpty();
            assertThat(s.tenants.executeAs(s.b, "UPDATE notes SET body = 'still once' WHERE body = 'once'").count())
                    .isEqualTo(1);
            QueryResult read = s.tenants.executeAs(s.b, "SELECT body FROM notes");
            assertThat(read.count()).isEqualTo(1);
            assertThat(read.rows()).containsExactly(Map.of("body", "still once"));
        }
    }

    /**
     * Session binding: a server session rests bound to its last tenant, and only that tenant's
     * next checkout uses it as it is (its own temporary table and settings still there); any other
     * tenant's first statement clears it, and the last tenant finds nothing of its own either.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("sessionCases")
    void onlyTheSameTenantFindsItsSessionAsItLeftIt(String strategy, Topology topology, PostgresDatabase db) {
        try (Setup s = setup(db, strategy, topology)) {
            String restSeen = "SELECT pg_backend_pid() AS pid, to_regclass('pg_temp.own') IS NOT NULL AS temp_table, "
                    + "coalesce(current_setting('app.own', true), '') AS setting";
            Object pid = s.tenants.callWithConnection(s.a, c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TEMP TABLE own (body text)");
                    st.execute("SET app.own = 'of a'");
                }
                return pid(c);
            });
            assertThat(s.tenants.queryAs(s.a, restSeen).get(0)).as("a's own session, as a left it")
                    .containsEntry("pid", pid).containsEntry("temp_table", true).containsEntry("setting", "of a");
            assertThat(s.tenants.queryAs(s.b, restSeen).get(0)).as("b sees nothing of a's session")
                    .containsEntry("pid", pid).containsEntry("temp_table", false).containsEntry("setting", "");
            assertThat(s.tenants.queryAs(s.a, restSeen).get(0)).as("and a's next checkout was cleared by b's")
                    .containsEntry("pid", pid).containsEntry("temp_table", false).containsEntry("setting", "");
            assertThat(s.tenants.queryAs(s.b, "SELECT body FROM notes")).as("b reads no row of a").isEmpty();
        }
    }

    /**
     * Session binding: the binding is committed before tenant code can open a transaction, so a
     * rollback cannot undo it back to the previous tenant, whether the transaction was opened by
     * {@code setAutoCommit(false)} (the checkout's first call) or by a raw {@code BEGIN}.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("sessionCases")
    void aRollbackCannotUndoTheBinding(String strategy, Topology topology, PostgresDatabase db) {
        try (Setup s = setup(db, strategy, topology)) {
            String probe = "SELECT current_setting('role') AS role, (SELECT count(*) FROM notes WHERE body = 'secret of a') AS secrets";
            String roleOfB = strategy.equals("rls") ? RlsOptions.defaults().tenantRole() : "tenant_" + s.b;
            s.tenants.callWithConnection(s.a, SessionStateTest::pid);
            s.tenants.withConnection(s.b, c -> {
                c.setAutoCommit(false);
                assertThat(row(c, probe)).containsEntry("role", roleOfB).containsEntry("secrets", 0L);
                c.rollback();
                assertThat(row(c, probe)).as("after the rollback").containsEntry("role", roleOfB).containsEntry("secrets", 0L);
                c.rollback();
            });
            s.tenants.callWithConnection(s.a, SessionStateTest::pid);
            s.tenants.withConnection(s.b, c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("BEGIN");
                    assertThat(row(c, probe)).containsEntry("role", roleOfB).containsEntry("secrets", 0L);
                    st.execute("ROLLBACK");
                }
                assertThat(row(c, probe)).as("after the rollback").containsEntry("role", roleOfB).containsEntry("secrets", 0L);
            });
        }
    }

    /**
     * Session binding: a call of the connection that reaches the server before any statement
     * ({@code getSchema()} runs a query) is bound first.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("sessionCases")
    void aConnectionCallBeforeAnyStatementRunsAsTheNewTenant(String strategy, Topology topology, PostgresDatabase db) {
        try (Setup s = setup(db, strategy, topology)) {
            s.tenants.callWithConnection(s.a, SessionStateTest::pid);
            String schema = s.tenants.callWithConnection(s.b, Connection::getSchema);
            assertThat(schema).isEqualTo(strategy.equals("rls") ? "public" : "tenant_" + s.b);
            s.tenants.callWithConnection(s.a, SessionStateTest::pid);
            String user = s.tenants.callWithConnection(s.b, c -> {
                try (ResultSet rs = c.getMetaData().getTables(null, null, "notes", null)) {
                    return row(c, "SELECT current_user AS u").get("u").toString();
                }
            });
            assertThat(user).isEqualTo(strategy.equals("rls") ? RlsOptions.defaults().tenantRole() : "tenant_" + s.b);

            // describing a prepared statement before it runs sends it to the server: a's temporary table
            // must be gone by then
            s.tenants.withConnection(s.a, c -> c.createStatement().execute("CREATE TEMP TABLE only_a (secret_column text)"));
            s.tenants.withConnection(s.b, c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT * FROM only_a")) {
                    assertThatThrownBy(p::getMetaData).as("b cannot describe a's temporary table")
                            .hasMessageContaining("only_a");
                }
            });
            s.tenants.withConnection(s.a, c -> c.createStatement().execute("CREATE TEMP TABLE only_a (secret_column text)"));
            s.tenants.withConnection(s.b, c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT * FROM only_a WHERE secret_column = ?")) {
                    assertThatThrownBy(p::getParameterMetaData).hasMessageContaining("only_a");
                }
            });
        }
    }

    /**
     * Session binding: after a failed statement the session's state is in doubt, so the next
     * checkout clears and binds it even for the same tenant.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("sessionCases")
    void aFailedStatementMakesTheNextCheckoutClearTheSession(String strategy, Topology topology, PostgresDatabase db) {
        try (Setup s = setup(db, strategy, topology)) {
            Object pid = s.tenants.callWithConnection(s.a, c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TEMP TABLE own (body text)");
                    assertThatThrownBy(() -> st.execute("SELECT * FROM no_such_table_anywhere")).isInstanceOf(SQLException.class);
                }
                return pid(c);
            });
            assertThat(s.tenants.queryAs(s.a, "SELECT pg_backend_pid() AS pid, to_regclass('pg_temp.own') IS NOT NULL AS t")
                    .get(0)).containsEntry("pid", pid).containsEntry("t", false);
        }
    }

    /**
     * A tenant deleted and created again while a session rests bound to it: the next checkout
     * works (for schema per tenant the role is a new one with the same name).
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("sessionCases")
    void aTenantCreatedAgainWorksOnASessionBoundToItsPredecessor(String strategy, Topology topology, PostgresDatabase db) {
        try (Setup s = setup(db, strategy, topology)) {
            s.tenants.callWithConnection(s.a, SessionStateTest::pid);
            s.postgres.forManagement().deleteTenant(s.a);
            s.postgres.forManagement().createTenant(s.a);
            if (strategy.equals("schema")) {
                s.tenants.withConnection(s.a, c -> c.createStatement().execute("CREATE TABLE notes (tenant_id text NOT NULL, body text)"));
            }
            assertThat(s.tenants.queryAs(s.a, "SELECT count(*) AS n FROM notes").get(0)).containsEntry("n", 0L);
        }
    }

    /**
     * A prepared statement that is the first of a checkout (or, with transaction binding, of a
     * transaction) carries the clearing and the binding in its own round trip: it sees its
     * parameters and results as if alone, a failure of it leaves nothing of the previous tenant
     * for what follows, and it runs again normally.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void theFirstPreparedStatementCarriesTheBindingAndBehavesAsAlone(String strategy, Topology topology,
            PostgresDatabase db) {
        try (Setup s = setup(db, strategy, topology)) {
            String roleOfB = strategy.equals("rls") ? RlsOptions.defaults().tenantRole() : "tenant_" + s.b;
            long before = carried(s.tenants);
            // executeUpdate with parameters, then the same statement again
            leaveStateAsA(s);
            s.tenants.withConnection(s.b, c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO notes VALUES (?, ?)")) {
                    p.setString(1, s.b);
                    p.setString(2, "carried 1");
                    assertThat(p.executeUpdate()).isEqualTo(1);
                    p.setString(2, "carried 2");
                    assertThat(p.executeUpdate()).isEqualTo(1);
                }
                assertThat(row(c, "SELECT to_regclass('pg_temp.left_by_a') IS NOT NULL AS t, current_setting('role') AS r"))
                        .containsEntry("t", false).containsEntry("r", roleOfB);
                commitIfOpen(c);
            });
            assertThat(s.tenants.queryAs(s.b, "SELECT body FROM notes ORDER BY body")).extracting(r -> r.get("body"))
                    .containsExactly("carried 1", "carried 2");
            assertThat(carried(s.tenants)).as("the switch travelled with the statement").isGreaterThan(before);

            // execute() with results read through getResultSet, and statement settings taken over
            leaveStateAsA(s);
            s.tenants.withConnection(s.b, c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT body FROM notes WHERE tenant_id = ? ORDER BY body")) {
                    p.setMaxRows(1);
                    p.setString(1, s.b);
                    assertThat(p.execute()).isTrue();
                    try (ResultSet rs = p.getResultSet()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("carried 1");
                        assertThat(rs.next()).as("maxRows reached the statement that ran").isFalse();
                    }
                    assertThat(p.getMoreResults()).isFalse();
                    assertThat(p.getUpdateCount()).isEqualTo(-1);
                }
                commitIfOpen(c);
            });

            // executeQuery on a statement without rows fails as pgjdbc's does, and leaves b bound
            leaveStateAsA(s);
            s.tenants.withConnection(s.b, c -> {
                try (PreparedStatement p = c.prepareStatement("UPDATE notes SET body = body WHERE body = ?")) {
                    p.setString(1, "none");
                    assertThatThrownBy(p::executeQuery).hasMessageContaining("No results were returned");
                }
                rollbackIfOpen(c);
                assertThat(row(c, "SELECT current_setting('role') AS r, (SELECT count(*) FROM notes WHERE body = "
                        + "'secret of a') AS secrets")).containsEntry("r", roleOfB).containsEntry("secrets", 0L);
                commitIfOpen(c);
            });

            // a failing first statement: its round trip is undone, clearing included; what follows is cleared again
            leaveStateAsA(s);
            s.tenants.withConnection(s.b, c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT * FROM no_such_table_anywhere WHERE x = ?")) {
                    p.setString(1, "x");
                    assertThatThrownBy(p::executeQuery).isInstanceOf(SQLException.class);
                }
                rollbackIfOpen(c);
                try (PreparedStatement p = c.prepareStatement("SELECT to_regclass('pg_temp.left_by_a') IS NOT NULL AS t, "
                        + "current_setting('role') AS r, coalesce(current_setting('app.of_a', true), '') AS setting, "
                        + "(SELECT count(*) FROM notes WHERE body = ?) AS secrets")) {
                    p.setString(1, "secret of a");
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        assertThat(rs.getBoolean("t")).as("a's temporary table").isFalse();
                        assertThat(rs.getString("r")).isEqualTo(roleOfB);
                        assertThat(rs.getString("setting")).as("a's setting").isEmpty();
                        assertThat(rs.getLong("secrets")).isZero();
                    }
                }
                commitIfOpen(c);
            });
        }
    }

    /** Tenant a leaves a temporary table and a setting on the one pooled server session. */
    private static void leaveStateAsA(Setup s) {
        s.tenants.withConnection(s.a, c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS left_by_a (body text)");
                st.execute("SET app.of_a = 'secret'");
            }
            commitIfOpen(c);
        });
    }

    private static void commitIfOpen(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static void rollbackIfOpen(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.rollback();
        }
    }

    /** @return how many bindings travelled with a statement, as the tenants side reports it */
    private static long carried(PostgresTenants tenants) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("with a statement: (\\d+)").matcher(tenants.toString());
        assertThat(m.find()).as("the tenants side reports its bindings: %s", tenants).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static Map<String, Object> row(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            Map<String, Object> row = new java.util.HashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            return row;
        }
    }

    private static Object pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Object metaData(Connection c) {
        try {
            return c.getMetaData();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object unwrap(Object wrapper, Class<?> type) {
        try {
            return ((java.sql.Wrapper) wrapper).unwrap(type);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
