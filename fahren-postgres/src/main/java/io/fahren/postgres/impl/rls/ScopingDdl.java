package io.fahren.postgres.impl.rls;

import io.fahren.postgres.impl.rls.ConstraintCatalog.ForeignKey;
import io.fahren.postgres.impl.sql.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

/**
 * The DDL that scopes a constraint to the tenant, which {@link RlsIntegrity} prints with each
 * refusal and runs for foreign keys on request. Every name in it is quoted with {@link Sql}.
 */
final class ScopingDdl {

    private final String column;

    /** @param column the tenant column */
    ScopingDdl(String column) {
        this.column = column;
    }

    /** @return the DDL that replaces the key with its tenant-scoped form, and adds the unique key it needs */
    String scopedForeignKey(ConstraintCatalog catalog, ForeignKey key) {
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
        if (!catalog.hasUniqueKey(key.refSchema(), key.refTable(), Set.copyOf(refColumns))) {
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

    /** @return the DDL that puts the tenant column first in the unique key, exclusion constraint or index */
    String scopedUnique(ConstraintCatalog.UniqueKey key) {
        String quotedColumn = Sql.identifier(column);
        String qualified = Sql.qualified(key.schema(), key.table());
        String name = Sql.identifier(key.name());
        return switch (key.kind()) {
            case 'p', 'u' -> "ALTER TABLE " + qualified + " DROP CONSTRAINT " + name + ", ADD CONSTRAINT " + name
                    + (key.kind() == 'p' ? " PRIMARY KEY (" : " UNIQUE (") + quotedColumn + ", " + list(key.columns())
                    + ") (foreign keys that reference it are to be scoped the same way first)";
            case 'x' -> "ALTER TABLE " + qualified + " DROP CONSTRAINT " + name + ", ADD CONSTRAINT " + name + " "
                    + key.constraintDef().replaceFirst("\\(", "(" + Matcher.quoteReplacement(quotedColumn) + " WITH =, ")
                    + " (with btree_gist for a gist index)";
            default -> "DROP INDEX " + Sql.qualified(key.schema(), key.name()) + "; " + key.indexDef()
                    .replaceFirst(" USING (\\w+) \\(", " USING $1 (" + Matcher.quoteReplacement(quotedColumn) + ", ");
        };
    }
}
