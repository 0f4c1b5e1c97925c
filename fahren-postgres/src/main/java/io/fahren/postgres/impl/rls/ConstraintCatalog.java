package io.fahren.postgres.impl.rls;

import io.fahren.postgres.impl.rls.RlsIsolation.TenantTable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The foreign keys, unique keys and exclusion constraints of the tenant tables, as the catalog
 * has them. Read with four plain catalog queries in one round trip (every {@code createTenant}
 * reads it), and resolved to names here rather than in SQL, whose planning cost more than the
 * rest of the check.
 *
 * @param foreignKeys every foreign key from or to a tenant table, partitions' copies left out
 * @param uniqueKeys every primary key, unique constraint, unique index and exclusion constraint
 *        of a tenant table
 */
record ConstraintCatalog(List<ForeignKey> foreignKeys, List<UniqueKey> uniqueKeys) {

    /** A foreign key; the action codes are those of {@code pg_constraint}. */
    record ForeignKey(String schema, String table, String name, List<String> columns, String refSchema,
            String refTable, List<String> refColumns, char onDelete, char onUpdate, boolean deferrable,
            boolean initiallyDeferred, List<String> setColumns) {

        String id() {
            return schema + "." + table + "." + name;
        }

        String from() {
            return schema + "." + table;
        }

        String to() {
            return refSchema + "." + refTable;
        }

        /**
         * @return whether deleting the referenced rows before the referencing ones can fail within
         *         the delete's transaction: a RESTRICT or SET DEFAULT action, or a NO ACTION check
         *         that cannot be deferred to the commit
         */
        boolean ordersDeletes() {
            return onDelete == 'r' || onDelete == 'd' || (onDelete == 'a' && !deferrable);
        }
    }

    /**
     * A primary key ({@code p}), unique constraint ({@code u}), exclusion constraint ({@code x}) or
     * unique index ({@code i}).
     *
     * @param columns its key columns, null for an expression
     * @param scoped whether it compares the tenant column (with {@code =} for an exclusion constraint)
     * @param sequenceKey whether it is one column that an identity or serial sequence fills
     * @param unique whether it is a plain unique key a foreign key can reference
     */
    record UniqueKey(String schema, String table, String name, char kind, List<String> columns, boolean scoped,
            boolean sequenceKey, boolean unique, String indexDef, String constraintDef) {

        String id() {
            return schema + "." + table + "." + name;
        }
    }

    /** How regoper prints the built-in equality operators (qualified, as the name is overloaded). */
    private static final Set<String> EQUALS = Set.of("=", "pg_catalog.=");

    private static final String QUERIES = "SELECT a.attrelid::int8, a.attnum, a.attname::text FROM pg_attribute a "
            + "WHERE a.attnum > 0 AND NOT a.attisdropped AND (a.attrelid = ANY (?::oid[]) OR a.attrelid IN "
            + "(SELECT co.conrelid FROM pg_constraint co WHERE co.contype = 'f' AND co.confrelid = ANY (?::oid[])));"
            // the sequence an identity ('i') or serial ('a') column owns, as pg_get_serial_sequence finds it,
            // without its need of USAGE on the schema (the tenants side checks too)
            + "SELECT d.refobjid::int8, d.refobjsubid FROM pg_depend d JOIN pg_class sq ON sq.oid = d.objid "
            + "WHERE sq.relkind = 'S' AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
            + "AND d.deptype IN ('a', 'i') AND d.refobjid = ANY (?::oid[]);"
            + "SELECT co.conname::text, co.conrelid::int8, sn.nspname::text, st.relname::text, co.conkey, "
            + "co.confrelid::int8, tn.nspname::text, tt.relname::text, co.confkey, co.confdeltype::text, "
            + "co.confupdtype::text, co.condeferrable, co.condeferred, %s FROM pg_constraint co "
            + "JOIN pg_class st ON st.oid = co.conrelid JOIN pg_namespace sn ON sn.oid = st.relnamespace "
            + "JOIN pg_class tt ON tt.oid = co.confrelid JOIN pg_namespace tn ON tn.oid = tt.relnamespace "
            + "WHERE co.contype = 'f' AND co.conparentid = 0 "
            + "AND (co.conrelid = ANY (?::oid[]) OR co.confrelid = ANY (?::oid[])) ORDER BY 3, 4, 1;"
            + "SELECT x.indrelid::int8, coalesce(con.conname, ic.relname)::text, coalesce(con.contype, 'i')::text, "
            + "x.indkey::int2[], x.indnkeyatts, x.indisunique AND x.indpred IS NULL, con.conexclop::regoper[]::text[], "
            + "pg_get_indexdef(x.indexrelid), CASE WHEN con.oid IS NULL THEN NULL ELSE pg_get_constraintdef(con.oid) END "
            + "FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid LEFT JOIN pg_constraint con "
            + "ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x') "
            + "WHERE x.indrelid = ANY (?::oid[]) AND (x.indisunique OR x.indisexclusion) AND NOT ic.relispartition "
            + "ORDER BY 2";

    /**
     * @param c a connection
     * @param tables the tenant tables
     * @param tenantColumn the tenant column
     * @return what the catalog says of their constraints
     */
    static ConstraintCatalog read(Connection c, List<TenantTable> tables, String tenantColumn) throws SQLException {
        if (tables.isEmpty()) {
            return new ConstraintCatalog(List.of(), List.of());
        }
        boolean setColumns = c.getMetaData().getDatabaseMajorVersion() >= 15; // ON DELETE SET NULL (columns)
        Map<Long, TenantTable> byOid = new HashMap<>();
        tables.forEach(t -> byOid.put(t.oid(), t));
        Map<Long, Map<Integer, String>> columns = new HashMap<>();
        Set<String> sequenceColumns = new HashSet<>();
        List<ForeignKey> keys = new ArrayList<>();
        List<UniqueKey> unique = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(String.format(QUERIES,
                setColumns ? "co.confdelsetcols" : "NULL::int2[]"))) {
            Array oids = c.createArrayOf("text", byOid.keySet().stream().map(String::valueOf).toArray());
            for (int i = 1; i <= 6; i++) {
                p.setArray(i, oids);
            }
            p.execute();
            int result = 0;
            do {
                try (ResultSet rs = p.getResultSet()) {
                    while (rs.next()) {
                        switch (result) {
                            case 0 -> columns.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                                    .put(rs.getInt(2), rs.getString(3));
                            case 1 -> sequenceColumns.add(rs.getLong(1) + ":" + rs.getInt(2));
                            case 2 -> keys.add(foreignKey(rs, columns));
                            default -> unique.add(uniqueKey(rs, byOid, columns, sequenceColumns, tenantColumn));
                        }
                    }
                }
                result++;
            } while (p.getMoreResults());
        }
        return new ConstraintCatalog(List.copyOf(keys), List.copyOf(unique));
    }

    private static ForeignKey foreignKey(ResultSet rs, Map<Long, Map<Integer, String>> columns) throws SQLException {
        Map<Integer, String> from = columns.getOrDefault(rs.getLong(2), Map.of());
        Map<Integer, String> to = columns.getOrDefault(rs.getLong(6), Map.of());
        Array cleared = rs.getArray(14);
        return new ForeignKey(rs.getString(3), rs.getString(4), rs.getString(1), names(rs.getArray(5), from),
                rs.getString(7), rs.getString(8), names(rs.getArray(9), to), rs.getString(10).charAt(0),
                rs.getString(11).charAt(0), rs.getBoolean(12), rs.getBoolean(13),
                cleared == null ? null : names(cleared, from));
    }

    private static UniqueKey uniqueKey(ResultSet rs, Map<Long, TenantTable> byOid, Map<Long, Map<Integer, String>> columns,
            Set<String> sequenceColumns, String tenantColumn) throws SQLException {
        long table = rs.getLong(1);
        char kind = rs.getString(3).charAt(0);
        List<Integer> key = numbers(rs.getArray(4)).subList(0, rs.getInt(5));
        Map<Integer, String> names = columns.getOrDefault(table, Map.of());
        List<String> keyColumns = key.contains(0) ? null : key.stream().map(names::get).toList();
        Array operators = rs.getArray(7);
        List<String> ops = operators == null ? null : List.of((String[]) operators.getArray());
        boolean scoped = false;
        for (int i = 0; i < key.size(); i++) {
            scoped |= tenantColumn.equals(names.get(key.get(i))) && (kind != 'x' || EQUALS.contains(ops.get(i)));
        }
        boolean sequenceKey = kind != 'x' && key.size() == 1 && sequenceColumns.contains(table + ":" + key.get(0));
        TenantTable owner = byOid.get(table);
        return new UniqueKey(owner.schema(), owner.name(), rs.getString(2), kind, keyColumns, scoped, sequenceKey,
                rs.getBoolean(6) && keyColumns != null, rs.getString(8), rs.getString(9));
    }

    private static List<String> names(Array numbers, Map<Integer, String> columns) throws SQLException {
        return numbers(numbers).stream().map(n -> columns.getOrDefault(n, "#" + n)).toList();
    }

    private static List<Integer> numbers(Array array) throws SQLException {
        List<Integer> numbers = new ArrayList<>();
        for (Object n : (Object[]) array.getArray()) {
            numbers.add(((Number) n).intValue());
        }
        return numbers;
    }

    /**
     * @param schema a tenant table's schema
     * @param table its name
     * @param columns column names
     * @return whether a unique key without predicate or expression has exactly these key columns
     */
    boolean hasUniqueKey(String schema, String table, Set<String> columns) {
        return uniqueKeys.stream().anyMatch(k -> k.unique() && k.schema().equals(schema) && k.table().equals(table)
                && Set.copyOf(k.columns()).equals(columns));
    }
}
