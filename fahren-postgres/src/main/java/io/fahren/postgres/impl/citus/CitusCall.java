package io.fahren.postgres.impl.citus;

import io.fahren.postgres.impl.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * One call of a Citus function, with the catalog query that tells whether it was made already, so
 * that a call is made once however often a tenant's provisioning runs. The names travel as bound
 * values (the quoted identifier as text, cast to {@code regclass} or {@code regnamespace} by the
 * server), never inside the SQL.
 *
 * @param what what the call does, for messages
 * @param sql the call, with {@code ?} placeholders
 * @param args its values; the first is the object the call distributes
 * @param doneSql a query of that object alone (one {@code ?}) that returns a row once the call was made
 */
public record CitusCall(String what, String sql, List<String> args, String doneSql) {

    /**
     * @param c a management connection
     * @return whether the call ran now (false: it had been made before)
     */
    public boolean run(Connection c) throws SQLException {
        try (PreparedStatement done = bind(c.prepareStatement(doneSql), args.subList(0, 1));
                ResultSet rs = done.executeQuery()) {
            if (rs.next()) {
                return false;
            }
        }
        try (PreparedStatement call = bind(c.prepareStatement(sql), args)) {
            call.execute();
        }
        return true;
    }

    private static PreparedStatement bind(PreparedStatement p, List<String> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            p.setString(i + 1, values.get(i));
        }
        return p;
    }

    /**
     * Row-based sharding: the table's rows spread over the workers by the tenant column, so one
     * tenant's rows sit on one shard.
     *
     * @param schema the table's schema
     * @param table the table
     * @param tenantColumn its tenant column
     * @return the call
     */
    public static CitusCall distributeTable(String schema, String table, String tenantColumn) {
        String qualified = Sql.qualified(schema, table);
        Sql.identifier(tenantColumn);
        return new CitusCall("distribute " + schema + "." + table + " by " + tenantColumn,
                "SELECT create_distributed_table(?::regclass, ?)", List.of(qualified, tenantColumn),
                "SELECT 1 FROM pg_dist_partition WHERE logicalrelid = ?::regclass");
    }

    /**
     * A table every worker keeps whole, for what the policies of distributed tables read (the
     * provisioned-tenants table of row-level security).
     *
     * @param schema the table's schema
     * @param table the table
     * @return the call
     */
    public static CitusCall referenceTable(String schema, String table) {
        return new CitusCall("make " + schema + "." + table + " a reference table",
                "SELECT create_reference_table(?::regclass)", List.of(Sql.qualified(schema, table)),
                "SELECT 1 FROM pg_dist_partition WHERE logicalrelid = ?::regclass");
    }

    /**
     * Schema-based sharding: the tenant's schema and every table in it, now and later, on one node.
     *
     * @param schema the tenant's schema
     * @return the call
     */
    public static CitusCall distributeSchema(String schema) {
        return new CitusCall("distribute schema " + schema, "SELECT citus_schema_distribute(?::regnamespace)",
                List.of(Sql.identifier(schema)), "SELECT 1 FROM pg_dist_schema WHERE schemaid = ?::regnamespace");
    }
}
