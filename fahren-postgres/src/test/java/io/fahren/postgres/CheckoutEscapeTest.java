package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Tenant code never reaches the pooled or the physical connection of its checkout, by any path
 * the JDBC API offers: unwrapping, {@code getConnection()} of a statement, {@code getStatement()}
 * of a result set (its own, a metadata one, or an array's), or an array value. Kept past the
 * checkout, such a connection would run as whichever tenant the pool hands it to next.
 */
@WithPostgres
class CheckoutEscapeTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String A = "esc-a-" + RUN;
    private static final String B = "esc-b-" + RUN;
    private static Postgres postgres;
    private static PostgresTenants tenants;

    @BeforeAll
    static void setUp(PostgresDatabase db) throws SQLException {
        PgFixture.execute(db, "CREATE TABLE escapes (tenant_id text NOT NULL, tags text[] NOT NULL)");
        PostgresConnection app = PgFixture.newLogin(db, "esc", "NOSUPERUSER NOBYPASSRLS");
        postgres = Postgres.withRlsIsolation(PgFixture.admin(db), RlsOptions.builder().autoSetup(true).poolSize(1)
                .tables(List.of("public.escapes")).policyName("p_esc").tenantLogins(List.of(app.username())).build());
        try {
            postgres.forManagement().createTenant(A);
            postgres.forManagement().createTenant(B);
            tenants = postgres.forTenants(app);
            tenants.updateAs(A, "INSERT INTO escapes VALUES (?, ARRAY['secret of a'])", A);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    @AfterAll
    static void tearDown() {
        if (tenants != null) {
            tenants.close();
        }
        postgres.close();
    }

    @Test
    void everyPathToAConnectionAnswersTheCheckout() throws SQLException {
        Connection held = tenants.connection(B);
        try {
            for (Map.Entry<String, Connection> reached : reachable(held).entrySet()) {
                assertThat(reached.getValue()).as(reached.getKey()).isSameAs(held);
            }
        } finally {
            held.close();
        }
    }

    @Test
    void nothingHandedOutUnwrapsToTheDriver() throws SQLException {
        Connection held = tenants.connection(B);
        try {
            Statement plain = held.createStatement();
            PreparedStatement prepared = held.prepareStatement("SELECT tags FROM escapes");
            CallableStatement callable = held.prepareCall("SELECT 1");
            ResultSet rows = plain.executeQuery("SELECT tags FROM escapes");
            DatabaseMetaData meta = held.getMetaData();
            ResultSet tables = meta.getTables(null, null, "escapes", null);
            for (Wrapper w : List.of(held, plain, prepared, callable, rows, meta, tables)) {
                assertThat(w.isWrapperFor(org.postgresql.PGConnection.class)).as(w.toString()).isFalse();
                for (Class<?> driver : List.of(PGConnection.class, org.postgresql.PGStatement.class,
                        org.postgresql.jdbc.PgResultSet.class, org.postgresql.jdbc.PgDatabaseMetaData.class,
                        org.postgresql.core.BaseConnection.class)) {
                    assertThatThrownBy(() -> w.unwrap(driver)).isInstanceOf(SQLException.class)
                            .hasMessageContaining("cannot be unwrapped");
                }
            }
        } finally {
            held.close();
        }
    }

    @Test
    void anArrayCannotBeReadAsTheDriversOwn() {
        tenants.withConnection(B, held -> {
            try (Statement s = held.createStatement();
                    ResultSet rows = s.executeQuery("SELECT ARRAY['x']::text[]")) {
                rows.next();
                assertThatThrownBy(() -> rows.getObject(1, org.postgresql.jdbc.PgArray.class))
                        .isInstanceOf(SQLException.class);
                assertThat(rows.getObject(1, Array.class).getArray()).isEqualTo(new String[] {"x"});
            }
        });
    }

    @Test
    void whatWasHandedOutDiesWithTheCheckout() throws SQLException {
        Connection held = tenants.connection(B);
        Map<String, Connection> reached = reachable(held);
        PreparedStatement prepared = held.prepareStatement("SELECT tags FROM escapes");
        held.close();
        assertThatThrownBy(prepared::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        for (Map.Entry<String, Connection> r : reached.entrySet()) {
            assertThatThrownBy(() -> r.getValue().createStatement()).as(r.getKey()).isInstanceOf(SQLException.class)
                    .hasMessageContaining("closed");
        }
        // the next checkout of the one pooled connection is tenant a's, and still sees only its own rows
        assertThat(tenants.queryAs(A, "SELECT tenant_id FROM escapes")).containsExactly(Map.of("tenant_id", A));
    }

    /** Every connection tenant code can reach from a checkout, by how it was reached. */
    private static Map<String, Connection> reachable(Connection held) throws SQLException {
        Map<String, Connection> reached = new java.util.LinkedHashMap<>();
        Statement plain = held.createStatement();
        reached.put("Statement.getConnection", plain.getConnection());
        ResultSet rows = plain.executeQuery("SELECT ARRAY['x', 'y']::text[] AS tags");
        reached.put("ResultSet.getStatement", rows.getStatement().getConnection());
        rows.next();
        reached.put("ResultSet.getArray", arrayConnection(rows.getArray(1)));
        reached.put("ResultSet.getArray(label)", arrayConnection(rows.getArray("tags")));
        reached.put("ResultSet.getObject", arrayConnection((Array) rows.getObject(1)));
        reached.put("ResultSet.getObject(type)", arrayConnection(rows.getObject(1, Array.class)));
        reached.put("ResultSet.getObject(map)", arrayConnection((Array) rows.getObject(1, Map.of())));
        PreparedStatement prepared = held.prepareStatement("SELECT ?::text[] AS tags");
        prepared.setArray(1, held.createArrayOf("text", new Object[] {"p"}));
        reached.put("PreparedStatement.getConnection", prepared.getConnection());
        ResultSet preparedRows = prepared.executeQuery();
        preparedRows.next();
        reached.put("PreparedStatement's ResultSet.getArray", arrayConnection(preparedRows.getArray(1)));
        reached.put("Connection.createArrayOf", arrayConnection(held.createArrayOf("text", new Object[] {"c"})));
        CallableStatement callable = held.prepareCall("{? = call array_append(ARRAY['q']::text[], 'r')}");
        callable.registerOutParameter(1, java.sql.Types.ARRAY);
        callable.execute();
        reached.put("CallableStatement.getConnection", callable.getConnection());
        reached.put("CallableStatement.getArray", arrayConnection(callable.getArray(1)));
        reached.put("CallableStatement.getObject", arrayConnection((Array) callable.getObject(1)));
        held.setAutoCommit(false); // a cursor lives in its transaction
        plain.execute("DECLARE escape_cursor CURSOR FOR SELECT 1 AS one");
        ResultSet cursors = plain.executeQuery("SELECT 'escape_cursor'::refcursor");
        cursors.next();
        reached.put("ResultSet.getObject (refcursor)", ((ResultSet) cursors.getObject(1)).getStatement().getConnection());
        held.rollback();
        held.setAutoCommit(true);
        DatabaseMetaData meta = held.getMetaData();
        reached.put("DatabaseMetaData.getConnection", meta.getConnection());
        ResultSet tables = meta.getTables(null, null, "escapes", null);
        if (tables.getStatement() != null) {
            reached.put("DatabaseMetaData's ResultSet.getStatement", tables.getStatement().getConnection());
        }
        return reached;
    }

    /** The connection behind an array's own result sets. */
    private static Connection arrayConnection(Array array) throws SQLException {
        List<Connection> seen = new ArrayList<>();
        for (ResultSet rs : List.of(array.getResultSet(), array.getResultSet(Map.of()), array.getResultSet(1, 1),
                array.getResultSet(1, 1, Map.of()))) {
            Connection c = rs.getStatement().getConnection();
            if (!seen.contains(c)) {
                seen.add(c);
            }
        }
        assertThat(seen).hasSize(1);
        return seen.get(0);
    }
}
