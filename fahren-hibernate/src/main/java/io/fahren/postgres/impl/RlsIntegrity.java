package io.fahren.postgres.impl;

import io.fahren.FahrenConfigurationException;
import io.fahren.postgres.RlsOptions;
import io.fahren.postgres.impl.RlsIsolation.TenantTable;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Referential integrity under row-level security. PostgreSQL checks unique keys, exclusion
 * constraints and foreign keys without row-level security, so a constraint that does not include
 * the tenant column lets one tenant reference, change through a cascade, block, or detect another
 * tenant's rows. This class reads every constraint of the tenant tables from the catalog, names
 * those that reach across tenants with the DDL that scopes them, rewrites foreign keys into their
 * tenant-scoped form on request, and orders {@code deleteTenant}'s deletes along the foreign keys.
 */
public final class RlsIntegrity {

    /** A foreign key as the catalog has it; the action codes are those of {@code pg_constraint}. */
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

        @Override
        public String toString() {
            return id() + " " + columns + " -> " + to() + " " + refColumns;
        }
    }

    /**
     * A constraint whose check reaches across tenants.
     *
     * @param constraint {@code schema.table.name} of the constraint or unique index, the form
     *        {@link RlsOptions#unscopedConstraints()} takes
     * @param problem what a tenant can do through it
     * @param fix DDL that scopes it to the tenant
     * @param fixable whether {@link RlsOptions#scopeForeignKeys()} makes setup run {@code fix}
     */
    public record Violation(String constraint, String problem, String fix, boolean fixable) {
        @Override
        public String toString() {
            return constraint + ": " + problem + "\n    Fix: " + fix;
        }
    }

    private final RlsOptions options;

    /**
     * @param options the strategy's options
     */
    RlsIntegrity(RlsOptions options) {
        this.options = options;
    }

    /**
     * @param c a connection
     * @param tables the tenant tables
     * @return every constraint that reaches across tenants and is not listed in
     *         {@link RlsOptions#unscopedConstraints()}
     */
    List<Violation> violations(Connection c, List<TenantTable> tables) throws SQLException {
        Set<String> tenantTables = names(tables);
        List<ForeignKey> keys = foreignKeys(c);
        List<Violation> found = new ArrayList<>();
        for (ForeignKey key : keys) {
            foreignKeyViolation(c, key, tenantTables).ifPresent(found::add);
        }
        found.addAll(uniqueViolations(c, tenantTables));
        cycleViolation(keys, tenantTables).ifPresent(found::add);
        Set<String> accepted = new HashSet<>(options.unscopedConstraints());
        return found.stream().filter(v -> !accepted.contains(v.constraint())).toList();
    }

    /**
     * @param c a connection
     * @param tables the tenant tables
     * @param refused what is refused, for the message (such as "tenant 'x' was not created")
     * @throws FahrenConfigurationException listing every violation with its fix
     */
    void check(Connection c, List<TenantTable> tables, String refused) throws SQLException {
        List<Violation> found = violations(c, tables);
        if (found.isEmpty()) {
            return;
        }
        throw new FahrenConfigurationException("Row-level security does not apply to integrity checks, and "
                + found.size() + " constraint(s) of the tenant tables reach across tenants, so " + refused + ":\n  "
                + found.stream().map(Violation::toString).collect(Collectors.joining("\n  "))
                + "\nRun the fixes (for foreign keys, setup runs them with scopeForeignKeys, "
                + PostgresConfigKey.RLS_SCOPE_FOREIGN_KEYS.key() + "=true), or, knowing what each exposes (see the "
                + "threat model in docs/postgres.md), list it in unscopedConstraints ("
                + PostgresConfigKey.RLS_UNSCOPED_CONSTRAINTS.key() + ").");
    }

    /**
     * Rewrites every foreign key that {@link #violations} reports as fixable into its tenant-scoped
     * form, adding the unique key it needs on the referenced table. Runs in the caller's
     * transaction; existing rows that link across tenants make it fail.
     *
     * @param c a management connection inside a transaction
     * @param tables the tenant tables
     * @return the constraints rewritten
     */
    List<String> scopeForeignKeys(Connection c, List<TenantTable> tables) throws SQLException {
        List<String> done = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (Violation v : violations(c, tables)) {
                if (v.fixable()) {
                    s.execute(v.fix());
                    done.add(v.constraint());
                }
            }
        } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
                throw new FahrenConfigurationException("Existing rows link across tenants, so their foreign key could "
                        + "not be scoped to the tenant, and setup changed nothing: " + e.getMessage()
                        + ". Find and correct those rows, then run setup again.", e);
            }
            throw e;
        }
        return done;
    }

    /**
     * @param c a connection
     * @param tables the tenant tables
     * @return the tables in an order in which deleting one tenant's rows table by table satisfies
     *         every foreign key: referencing tables before the tables they reference
     * @throws FahrenConfigurationException when tables reference each other in a cycle of
     *         constraints that cannot be deferred
     */
    List<TenantTable> deleteOrder(Connection c, List<TenantTable> tables) throws SQLException {
        Map<String, TenantTable> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.toString(), t));
        Map<String, Set<String>> referencedBy = orderingEdges(foreignKeys(c), byName.keySet());
        List<TenantTable> order = new ArrayList<>();
        Set<String> left = new LinkedHashSet<>(byName.keySet());
        while (!left.isEmpty()) {
            // a table goes once no table still to delete references it
            String next = left.stream().filter(t -> referencedBy.getOrDefault(t, Set.of()).stream()
                    .noneMatch(left::contains)).findFirst().orElse(null);
            if (next == null) {
                throw new FahrenConfigurationException("Tenant tables " + left + " reference each other through foreign "
                        + "keys that cannot be deferred, so no order of deletes satisfies them and deleteTenant deleted "
                        + "nothing. Make one constraint of the cycle DEFERRABLE (ALTER TABLE ... ALTER CONSTRAINT ... "
                        + "DEFERRABLE; a RESTRICT one must become NO ACTION first), then delete again.");
            }
            left.remove(next);
            order.add(byName.get(next));
        }
        return order;
    }

    /** @return for each tenant table, the other tenant tables whose rows must go before its own */
    private static Map<String, Set<String>> orderingEdges(List<ForeignKey> keys, Set<String> tenantTables) {
        Map<String, Set<String>> referencedBy = new LinkedHashMap<>();
        for (ForeignKey key : keys) {
            if (key.ordersDeletes() && !key.from().equals(key.to()) && tenantTables.contains(key.from())
                    && tenantTables.contains(key.to())) {
                referencedBy.computeIfAbsent(key.to(), t -> new LinkedHashSet<>()).add(key.from());
            }
        }
        return referencedBy;
    }

    private java.util.Optional<Violation> cycleViolation(List<ForeignKey> keys, Set<String> tenantTables) {
        Map<String, Set<String>> referencedBy = orderingEdges(keys, tenantTables);
        Set<String> left = new LinkedHashSet<>(tenantTables);
        boolean removed = true;
        while (removed) {
            removed = left.removeIf(t -> referencedBy.getOrDefault(t, Set.of()).stream().noneMatch(left::contains));
        }
        if (left.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<ForeignKey> cycle = keys.stream().filter(k -> k.ordersDeletes() && left.contains(k.from())
                && left.contains(k.to()) && !k.from().equals(k.to())).toList();
        if (cycle.stream().anyMatch(k -> options.unscopedConstraints().contains(k.id()))) {
            return java.util.Optional.empty();
        }
        ForeignKey first = cycle.get(0);
        return java.util.Optional.of(new Violation(first.id(), "tables " + left + " reference each other through "
                + cycle.stream().map(ForeignKey::id).toList() + ", none of which can be deferred, so deleteTenant "
                + "cannot order its deletes and would refuse to delete any tenant with rows in them.",
                "ALTER TABLE " + Sql.qualified(first.schema(), first.table()) + " ALTER CONSTRAINT "
                        + Sql.identifier(first.name()) + " DEFERRABLE"
                        + (first.onDelete() == 'a' ? "" : " (after making its ON DELETE action NO ACTION)"), false));
    }

    private java.util.Optional<Violation> foreignKeyViolation(Connection c, ForeignKey key, Set<String> tenantTables)
            throws SQLException {
        boolean fromTenant = tenantTables.contains(key.from());
        boolean toTenant = tenantTables.contains(key.to());
        String column = options.tenantColumn();
        if (!fromTenant && toTenant) {
            return java.util.Optional.of(new Violation(key.id(), "the shared table " + key.from() + " references the "
                    + "tenant table " + key.to() + ", so its rows link to a tenant's rows: a tenant's delete is blocked "
                    + "by them or cascades into them, and deleteTenant fails on them.",
                    "add the column " + column + " to " + key.from() + " (making it a tenant table) and scope the key "
                            + "as (" + column + ", ...) REFERENCES " + key.to() + " (" + column + ", ...); or ALTER TABLE "
                            + Sql.qualified(key.schema(), key.table()) + " DROP CONSTRAINT " + Sql.identifier(key.name()),
                    false));
        }
        if (!fromTenant) {
            return java.util.Optional.empty(); // a shared table referencing a shared table
        }
        if (!toTenant) {
            return java.util.Optional.empty(); // a tenant table referencing a shared catalogue is allowed
        }
        boolean scoped = false;
        for (int i = 0; i < key.columns().size(); i++) {
            scoped |= key.columns().get(i).equals(column) && key.refColumns().get(i).equals(column);
        }
        boolean clearsTenant = (key.onDelete() == 'n' || key.onDelete() == 'd')
                && (key.setColumns() == null || key.setColumns().contains(column));
        boolean updateClears = key.onUpdate() == 'n' || key.onUpdate() == 'd';
        if (scoped && !clearsTenant && !updateClears) {
            return java.util.Optional.empty();
        }
        String problem;
        if (!scoped) {
            problem = "the foreign key " + key.columns() + " -> " + key.to() + " " + key.refColumns() + " does not "
                    + "include " + column + ", so a tenant can reference another tenant's rows, learn whether they "
                    + "exist, block their deletion, and change its own rows through their cascades (and theirs through "
                    + "its own).";
        } else if (clearsTenant) {
            problem = "ON DELETE SET " + (key.onDelete() == 'n' ? "NULL" : "DEFAULT") + " also sets " + column
                    + " of the referencing rows, which then belong to no tenant (or another one).";
        } else {
            problem = "ON UPDATE SET NULL or SET DEFAULT also sets " + column + " of the referencing rows; use ON "
                    + "UPDATE CASCADE or NO ACTION (PostgreSQL takes no column list for ON UPDATE).";
        }
        return java.util.Optional.of(new Violation(key.id(), problem, scopedDdl(c, key), !updateClears));
    }

    /** @return the DDL that replaces the key with its tenant-scoped form, and adds the unique key it needs */
    private String scopedDdl(Connection c, ForeignKey key) throws SQLException {
        String column = options.tenantColumn();
        List<String> columns = new ArrayList<>(List.of(column));
        List<String> refColumns = new ArrayList<>(List.of(column));
        for (int i = 0; i < key.columns().size(); i++) {
            if (!key.columns().get(i).equals(column) && !key.refColumns().get(i).equals(column)) {
                columns.add(key.columns().get(i));
                refColumns.add(key.refColumns().get(i));
            }
        }
        StringBuilder ddl = new StringBuilder();
        String referenced = Sql.qualified(key.refSchema(), key.refTable());
        if (!hasUniqueKey(c, key.refSchema(), key.refTable(), Set.copyOf(refColumns))) {
            ddl.append("ALTER TABLE ").append(referenced).append(" ADD UNIQUE (").append(list(refColumns)).append("); ");
        }
        ddl.append("ALTER TABLE ").append(Sql.qualified(key.schema(), key.table())).append(" DROP CONSTRAINT ")
                .append(Sql.identifier(key.name())).append(", ADD CONSTRAINT ").append(Sql.identifier(key.name()))
                .append(" FOREIGN KEY (").append(list(columns)).append(") REFERENCES ").append(referenced).append(" (")
                .append(list(refColumns)).append(")");
        List<String> cleared = (key.setColumns() == null ? columns : key.setColumns()).stream()
                .filter(name -> !name.equals(column)).toList();
        if (cleared.isEmpty()) {
            cleared = columns.subList(1, columns.size());
        }
        ddl.append(action("DELETE", key.onDelete(), cleared)).append(action("UPDATE", key.onUpdate(), List.of()));
        if (key.deferrable()) {
            ddl.append(" DEFERRABLE").append(key.initiallyDeferred() ? " INITIALLY DEFERRED" : "");
        }
        return ddl.toString();
    }

    private static String action(String event, char code, List<String> cleared) {
        return switch (code) {
            case 'r' -> " ON " + event + " RESTRICT";
            case 'c' -> " ON " + event + " CASCADE";
            case 'n' -> event.equals("DELETE") ? " ON DELETE SET NULL (" + list(cleared) + ")" : " ON UPDATE NO ACTION";
            case 'd' -> event.equals("DELETE") ? " ON DELETE SET DEFAULT (" + list(cleared) + ")" : " ON UPDATE NO ACTION";
            default -> "";
        };
    }

    private static String list(List<String> columns) {
        return columns.stream().map(Sql::identifier).collect(Collectors.joining(", "));
    }

    private static boolean hasUniqueKey(Connection c, String schema, String table, Set<String> columns)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) "
                + "k(n) JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n) FROM pg_index x "
                + "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
                + "WHERE n.nspname = ? AND t.relname = ? AND x.indisunique AND x.indpred IS NULL "
                + "AND x.indexprs IS NULL AND x.indnkeyatts = x.indnatts")) {
            p.setString(1, schema);
            p.setString(2, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (Set.of((String[]) rs.getArray(1).getArray()).equals(columns)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * @return unique keys, primary keys, unique indexes and exclusion constraints of tenant tables
     *         that do not compare the tenant column, except a single-column key on an identity or
     *         serial column
     */
    private List<Violation> uniqueViolations(Connection c, Set<String> tenantTables) throws SQLException {
        List<Violation> found = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT n.nspname, t.relname, coalesce(con.conname, ic.relname), "
                + "coalesce(con.contype, 'i'), pg_get_indexdef(x.indexrelid), "
                + "EXISTS (SELECT 1 FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, i) JOIN pg_attribute a "
                + "ON a.attrelid = x.indrelid AND a.attnum = k.n WHERE k.i <= x.indnkeyatts AND a.attname = ? "
                + "AND (NOT x.indisexclusion OR EXISTS (SELECT 1 FROM pg_operator o "
                + "WHERE o.oid = con.conexclop[k.i] AND o.oprname = '='))), "
                + "x.indnkeyatts = 1 AND x.indkey[0] <> 0 AND x.indpred IS NULL AND NOT x.indisexclusion "
                // the sequence an identity ('i') or serial ('a') column owns, as pg_get_serial_sequence finds
                // it, without its need of USAGE on the schema (the tenants side checks too)
                + "AND EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class sq ON sq.oid = d.objid AND sq.relkind = 'S' "
                + "WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
                + "AND d.refobjid = x.indrelid AND d.refobjsubid = x.indkey[0] AND d.deptype IN ('a', 'i')), "
                + "ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, i) JOIN pg_attribute a "
                + "ON a.attrelid = x.indrelid AND a.attnum = k.n WHERE k.i <= x.indnkeyatts ORDER BY k.i), "
                + "CASE WHEN con.oid IS NULL THEN NULL ELSE pg_get_constraintdef(con.oid) END "
                + "FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace "
                + "LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.contype IN ('p', 'u', 'x') "
                + "AND con.conrelid = x.indrelid "
                + "WHERE (x.indisunique OR x.indisexclusion) AND NOT ic.relispartition ORDER BY 1, 2, 3")) {
            p.setString(1, options.tenantColumn());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String schema = rs.getString(1);
                    String table = rs.getString(2);
                    if (!tenantTables.contains(schema + "." + table) || rs.getBoolean(6) || rs.getBoolean(7)) {
                        continue;
                    }
                    String name = rs.getString(3);
                    char kind = rs.getString(4).charAt(0);
                    List<String> keyColumns = Arrays.asList((String[]) rs.getArray(8).getArray());
                    found.add(new Violation(schema + "." + table + "." + name, uniqueProblem(kind),
                            uniqueFix(schema, table, name, kind, keyColumns, rs.getString(5), rs.getString(9)), false));
                }
            }
        }
        return found;
    }

    private String uniqueProblem(char kind) {
        String what = switch (kind) {
            case 'p' -> "the primary key";
            case 'u' -> "the unique constraint";
            case 'x' -> "the exclusion constraint";
            default -> "the unique index";
        };
        return what + " does not include " + options.tenantColumn() + (kind == 'x' ? " WITH =" : "") + ", so it is "
                + "checked across tenants: a tenant's insert fails on another tenant's value, which tells it the value "
                + "exists, and a tenant can take values before others do. (A key on one identity or serial column is "
                + "the exception; see docs/postgres.md.)";
    }

    private String uniqueFix(String schema, String table, String name, char kind, List<String> keyColumns,
            String indexDef, String constraintDef) {
        String column = Sql.identifier(options.tenantColumn());
        String qualified = Sql.qualified(schema, table);
        return switch (kind) {
            case 'p', 'u' -> "ALTER TABLE " + qualified + " DROP CONSTRAINT " + Sql.identifier(name) + ", ADD CONSTRAINT "
                    + Sql.identifier(name) + (kind == 'p' ? " PRIMARY KEY (" : " UNIQUE (") + column + ", "
                    + list(keyColumns) + ") (foreign keys that reference it are to be scoped the same way first)";
            case 'x' -> "ALTER TABLE " + qualified + " DROP CONSTRAINT " + Sql.identifier(name) + ", ADD CONSTRAINT "
                    + Sql.identifier(name) + " " + constraintDef.replaceFirst("\\(", "(" + column + " WITH =, ")
                    + " (with btree_gist for a gist index)";
            default -> "DROP INDEX " + Sql.qualified(schema, name) + "; "
                    + indexDef.replaceFirst(" USING (\\w+) \\(", " USING $1 (" + java.util.regex.Matcher.quoteReplacement(column) + ", ");
        };
    }

    /** @return every foreign key outside the system schemas, partitions' copies left out */
    static List<ForeignKey> foreignKeys(Connection c) throws SQLException {
        boolean setColumns = c.getMetaData().getDatabaseMajorVersion() >= 15; // ON DELETE SET NULL (columns)
        String names = "ARRAY(SELECT a.attname::text FROM unnest(%s) WITH ORDINALITY k(n, i) JOIN pg_attribute a "
                + "ON a.attrelid = %s AND a.attnum = k.n ORDER BY k.i)";
        List<ForeignKey> keys = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT sn.nspname, st.relname, co.conname, "
                + String.format(names, "co.conkey", "co.conrelid") + ", tn.nspname, tt.relname, "
                + String.format(names, "co.confkey", "co.confrelid") + ", co.confdeltype, co.confupdtype, "
                + "co.condeferrable, co.condeferred, "
                + (setColumns ? "CASE WHEN co.confdelsetcols IS NULL THEN NULL ELSE "
                        + String.format(names, "co.confdelsetcols", "co.conrelid") + " END" : "NULL::text[]")
                + " FROM pg_constraint co JOIN pg_class st ON st.oid = co.conrelid "
                + "JOIN pg_namespace sn ON sn.oid = st.relnamespace JOIN pg_class tt ON tt.oid = co.confrelid "
                + "JOIN pg_namespace tn ON tn.oid = tt.relnamespace WHERE co.contype = 'f' AND co.conparentid = 0 "
                + "AND sn.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 3")) {
            while (rs.next()) {
                Array cleared = rs.getArray(12);
                keys.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3), strings(rs.getArray(4)),
                        rs.getString(5), rs.getString(6), strings(rs.getArray(7)), rs.getString(8).charAt(0),
                        rs.getString(9).charAt(0), rs.getBoolean(10), rs.getBoolean(11),
                        cleared == null ? null : strings(cleared)));
            }
        }
        return keys;
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static Set<String> names(List<TenantTable> tables) {
        return tables.stream().map(TenantTable::toString).collect(Collectors.toSet());
    }
}
