package io.fahren.postgres.impl.citus;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link CitusCall#run} on a real PostgreSQL, against a <b>stand-in for Citus</b>: no Citus build
 * can be had here, so a scratch schema on the connection's {@code search_path} holds functions of
 * Citus's names and signatures that record their calls, and tables of the names of Citus's catalog
 * ({@code pg_dist_partition}, {@code pg_dist_schema}) that they fill. What this proves is Fahren's
 * side: the statements parse, the bound names reach the functions as the objects they name, and a
 * call already made is skipped. Whether Citus then distributes as documented is not tested.
 */
@WithPostgres
class CitusCallTest {

    @Test
    void eachCallReachesTheFunctionWithTheNamedObjectOnceHoweverOftenItRuns(PostgresDatabase db) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        String standIn = "citus_standin_" + run;
        String data = "citus_data_" + run;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + standIn);
            s.execute("CREATE SCHEMA " + data);
            s.execute("CREATE TABLE " + data + ".\"Odd Notes\" (tenant_id text NOT NULL, body text)");
            s.execute("CREATE TABLE " + data + ".tenants (id text PRIMARY KEY)");
            s.execute("CREATE TABLE " + standIn + ".pg_dist_partition (logicalrelid regclass)");
            s.execute("CREATE TABLE " + standIn + ".pg_dist_schema (schemaid regnamespace)");
            s.execute("CREATE TABLE " + standIn + ".calls (call text)");
            s.execute("CREATE FUNCTION " + standIn + ".create_distributed_table(t regclass, col text) RETURNS void "
                    + "LANGUAGE sql AS $$ INSERT INTO " + standIn + ".calls VALUES ('distributed ' || t::text || ' by ' || col); "
                    + "INSERT INTO " + standIn + ".pg_dist_partition VALUES (t) $$");
            s.execute("CREATE FUNCTION " + standIn + ".create_reference_table(t regclass) RETURNS void "
                    + "LANGUAGE sql AS $$ INSERT INTO " + standIn + ".calls VALUES ('reference ' || t::text); "
                    + "INSERT INTO " + standIn + ".pg_dist_partition VALUES (t) $$");
            s.execute("CREATE FUNCTION " + standIn + ".citus_schema_distribute(n regnamespace) RETURNS void "
                    + "LANGUAGE sql AS $$ INSERT INTO " + standIn + ".calls VALUES ('schema ' || n::text); "
                    + "INSERT INTO " + standIn + ".pg_dist_schema VALUES (n) $$");
            s.execute("SET search_path = " + standIn + ", public");

            List<CitusCall> calls = List.of(CitusCall.referenceTable(data, "tenants"),
                    CitusCall.distributeTable(data, "Odd Notes", "tenant_id"), CitusCall.distributeSchema(data));
            List<Boolean> first = new ArrayList<>();
            for (CitusCall call : calls) {
                first.add(call.run(c));
            }
            List<Boolean> again = new ArrayList<>();
            for (CitusCall call : calls) {
                again.add(call.run(c));
            }
            assertThat(first).as("made the first time").containsOnly(true);
            assertThat(again).as("skipped once made").containsOnly(false);
            assertThat(recorded(s, standIn)).containsExactly(
                    "reference " + data + ".tenants",
                    "distributed " + data + ".\"Odd Notes\" by tenant_id",
                    "schema " + data);
        }
    }

    private static List<String> recorded(Statement s, String standIn) throws SQLException {
        List<String> calls = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT call FROM " + standIn + ".calls")) {
            while (rs.next()) {
                calls.add(rs.getString(1));
            }
        }
        return calls;
    }
}
