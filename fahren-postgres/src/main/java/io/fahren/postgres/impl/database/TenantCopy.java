package io.fahren.postgres.impl.database;

import io.fahren.FahrenException;
import io.fahren.TenantId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;

/**
 * Copies one tenant database to an empty one on another server: its sequences, tables, rows
 * ({@code COPY ... (FORMAT binary)} from one server straight into the other), sequence values,
 * constraints and indexes, then checks every table's row count on both sides. The target side is
 * a session of the tenant's own role, so the tenant owns every object there as it did here, and
 * nothing of the tenant's (a default, a check, an index expression) runs with more rights than its
 * own.
 *
 * <p>The DDL comes from PostgreSQL's own catalog and deparse functions ({@code format('%I')},
 * {@code quote_ident}, {@code format_type}, {@code pg_get_expr}, {@code pg_get_constraintdef},
 * {@code pg_get_indexdef}): every name in it was quoted by the server, whatever the tenant called
 * its objects, and no name is spliced in Java. What it cannot copy (views,
 * functions, triggers, types, policies, extensions, partitioned or foreign tables, other schemas)
 * is refused up front by {@link #unsupported}, before anything changes.
 */
public final class TenantCopy {

    private final Connection source;
    private final Connection target;
    private final List<String> schemas;

    /**
     * @param source a superuser connection to the tenant's database, in a repeatable-read transaction
     * @param target a connection to the new, empty database, logged in as the tenant's role
     * @param schemas the schemas to copy: a tenant database's (DatabaseOptions.schemas), or a
     *        tenant's own schema
     */
    public TenantCopy(Connection source, Connection target, List<String> schemas) {
        this.source = source;
        this.target = target;
        this.schemas = schemas;
    }

    /**
     * @param c a connection to a tenant database
     * @param schemas its schemas
     * @param wholeDatabase whether the tenant has the whole database (then its extensions and other
     *        schemas count too); false for a schema in a shared database
     * @return what a move cannot copy, one line each; empty when it can copy everything
     */
    public static List<String> unsupported(Connection c, List<String> schemas, boolean wholeDatabase)
            throws SQLException {
        String sql = "SELECT 'relation ' || c.oid::regclass || ' (' || CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' "
                + "THEN 'materialized view' WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' ELSE "
                + "'composite type' END || ')' FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
                + "c.relnamespace WHERE n.nspname = ANY (?) AND c.relkind IN ('v', 'm', 'p', 'f', 'c') "
                + "UNION ALL SELECT 'function ' || p.oid::regprocedure FROM pg_catalog.pg_proc p JOIN "
                + "pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ANY (?) "
                + "UNION ALL SELECT 'trigger ' || t.tgname || ' on ' || t.tgrelid::regclass FROM pg_catalog.pg_trigger t "
                + "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = "
                + "c.relnamespace WHERE n.nspname = ANY (?) AND NOT t.tgisinternal "
                + "UNION ALL SELECT 'type ' || t.oid::regtype FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n "
                + "ON n.oid = t.typnamespace WHERE n.nspname = ANY (?) AND t.typtype IN ('e', 'd', 'r', 'm') "
                + "UNION ALL SELECT 'policy ' || p.polname || ' on ' || p.polrelid::regclass FROM pg_catalog.pg_policy p "
                + "JOIN pg_catalog.pg_class c ON c.oid = p.polrelid JOIN pg_catalog.pg_namespace n ON n.oid = "
                + "c.relnamespace WHERE n.nspname = ANY (?) "
                + "UNION ALL SELECT 'extension ' || e.extname FROM pg_catalog.pg_extension e WHERE e.extname <> 'plpgsql' "
                + "AND ? UNION ALL SELECT 'schema ' || n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname <> ALL (?) "
                + "AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema' AND ? ORDER BY 1";
        List<String> found = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            Array names = c.createArrayOf("text", schemas.toArray());
            for (int i = 1; i <= 5; i++) {
                p.setArray(i, names);
            }
            p.setBoolean(6, wholeDatabase);
            p.setArray(7, names);
            p.setBoolean(8, wholeDatabase);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /**
     * Copies everything and checks the row counts.
     *
     * @param tenantId the tenant, for messages
     * @return the rows of each table, by name
     * @throws FahrenException when a table's row counts differ
     */
    public Map<String, Long> copy(TenantId tenantId) throws SQLException {
        Array names = source.createArrayOf("text", schemas.toArray());
        List<String[]> sequences = rows("SELECT format('%I.%I', s.schemaname, s.sequencename), format('CREATE SEQUENCE "
                + "%I.%I AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s CACHE %s %s', s.schemaname, "
                + "s.sequencename, s.data_type, s.increment_by, s.min_value, s.max_value, s.start_value, s.cache_size, "
                + "CASE WHEN s.cycle THEN 'CYCLE' ELSE 'NO CYCLE' END) FROM pg_catalog.pg_sequences s WHERE "
                + "s.schemaname = ANY (?) AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = "
                + "'pg_catalog.pg_class'::regclass AND d.objid = format('%I.%I', s.schemaname, s.sequencename)::regclass "
                + "AND d.deptype = 'i') ORDER BY 1", names, 2);
        for (String[] sequence : sequences) {
            run(sequence[1]);
        }
        List<String[]> tables = rows("SELECT c.oid::text, format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = ANY (?) "
                + "ORDER BY 2", names, 2);
        Map<String, List<String>> copied = new LinkedHashMap<>();
        for (String[] table : tables) {
            copied.put(table[1], createTable(table[0], table[1]));
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> table : copied.entrySet()) {
            rows.put(table.getKey(), copyRows(table.getKey(), table.getValue()));
        }
        // sequence values: standalone ones, and those behind serial and identity columns
        List<String[]> values = rows("SELECT format('%I.%I', s.schemaname, s.sequencename) FROM pg_catalog.pg_sequences s "
                + "WHERE s.schemaname = ANY (?) ORDER BY 1", names, 1);
        for (String[] sequence : values) {
            setValue(sequence[0]);
        }
        for (String[] ddl : rows("SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, "
                + "pg_catalog.pg_get_constraintdef(c.oid)) FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_class r ON "
                + "r.oid = c.conrelid JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = ANY (?) "
                + "AND c.contype IN ('p', 'u', 'x', 'c', 'f') ORDER BY c.contype = 'f', 1", names, 1)) {
            run(ddl[0]);
        }
        for (String[] ddl : rows("SELECT pg_catalog.pg_get_indexdef(i.indexrelid) FROM pg_catalog.pg_index i JOIN "
                + "pg_catalog.pg_class r ON r.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace "
                + "WHERE n.nspname = ANY (?) AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = "
                + "i.indexrelid AND c.conrelid = i.indrelid) ORDER BY 1", names, 1)) {
            run(ddl[0]);
        }
        for (String[] ddl : rows("SELECT format('ALTER SEQUENCE %s OWNED BY %s.%I', d.objid::regclass, d.refobjid::regclass, "
                + "a.attname) FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S' "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace JOIN pg_catalog.pg_attribute a ON a.attrelid = "
                + "d.refobjid AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_catalog.pg_class'::regclass AND "
                + "d.deptype = 'a' AND n.nspname = ANY (?) ORDER BY 1", names, 1)) {
            run(ddl[0]);
        }
        for (Map.Entry<String, Long> table : rows.entrySet()) {
            long there = count(target, table.getKey());
            if (there != table.getValue()) {
                throw new FahrenException("Moving tenant '" + tenantId + "': table " + table.getKey() + " has "
                        + table.getValue() + " rows on the old server but " + there + " on the new one; the move is "
                        + "undone and the tenant stays where it was.");
            }
        }
        return rows;
    }

    /** @return the names of the table's columns that take values (generated columns compute theirs) */
    private List<String> createTable(String oid, String name) throws SQLException {
        List<String> definitions = new ArrayList<>();
        List<String> copiedColumns = new ArrayList<>();
        try (PreparedStatement p = source.prepareStatement("SELECT pg_catalog.quote_ident(a.attname), "
                + "pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated, "
                + "pg_catalog.pg_get_expr(d.adbin, d.adrelid), CASE WHEN a.attcollation <> t.typcollation THEN "
                + "format(' COLLATE %I.%I', cn.nspname, co.collname) ELSE '' END FROM pg_catalog.pg_attribute a "
                + "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = "
                + "a.attrelid AND d.adnum = a.attnum LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation "
                + "LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = co.collnamespace WHERE a.attrelid = ?::oid AND "
                + "a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            p.setString(1, oid);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    StringBuilder definition = new StringBuilder(column).append(' ').append(rs.getString(2))
                            .append(rs.getString(7));
                    String identity = rs.getString(4);
                    String generated = rs.getString(5);
                    String expression = rs.getString(6);
                    if ("a".equals(identity) || "d".equals(identity)) {
                        definition.append(" GENERATED ").append("a".equals(identity) ? "ALWAYS" : "BY DEFAULT")
                                .append(" AS IDENTITY");
                    } else if ("s".equals(generated)) {
                        definition.append(" GENERATED ALWAYS AS (").append(expression).append(") STORED");
                    } else if (expression != null) {
                        definition.append(" DEFAULT ").append(expression);
                    }
                    if (rs.getBoolean(3)) {
                        definition.append(" NOT NULL");
                    }
                    definitions.add(definition.toString());
                    if (!"s".equals(generated)) {
                        copiedColumns.add(column);
                    }
                }
            }
        }
        run("CREATE TABLE " + name + " (" + String.join(", ", definitions) + ")");
        return copiedColumns;
    }

    /** Streams the table's rows from one server into the other, in PostgreSQL's binary COPY format. */
    private long copyRows(String table, List<String> columns) throws SQLException {
        String list = " (" + String.join(", ", columns) + ")";
        CopyManager from = source.unwrap(PGConnection.class).getCopyAPI();
        CopyManager into = target.unwrap(PGConnection.class).getCopyAPI();
        CopyOut out = from.copyOut("COPY " + table + list + " TO STDOUT (FORMAT binary)");
        CopyIn in = into.copyIn("COPY " + table + list + " FROM STDIN (FORMAT binary)");
        try {
            byte[] chunk;
            while ((chunk = out.readFromCopy()) != null) {
                in.writeToCopy(chunk, 0, chunk.length);
            }
            return in.endCopy();
        } catch (SQLException | RuntimeException e) {
            if (in.isActive()) {
                in.cancelCopy();
            }
            if (out.isActive()) {
                out.cancelCopy();
            }
            throw e;
        }
    }

    private void setValue(String sequence) throws SQLException {
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM "
                + sequence); PreparedStatement p = target.prepareStatement("SELECT pg_catalog.setval(?::regclass, ?, ?)")) {
            rs.next();
            p.setString(1, sequence);
            p.setLong(2, rs.getLong(1));
            p.setBoolean(3, rs.getBoolean(2));
            p.execute();
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String[]> rows(String sql, Array schemaNames, int columns) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement p = source.prepareStatement(sql)) {
            p.setArray(1, schemaNames);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private void run(String ddl) throws SQLException {
        try (Statement s = target.createStatement()) {
            s.execute(ddl);
        }
    }
}
