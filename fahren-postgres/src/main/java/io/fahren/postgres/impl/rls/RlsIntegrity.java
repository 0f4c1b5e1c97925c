package io.fahren.postgres.impl.rls;

import io.fahren.postgres.impl.sql.Sql;
import io.fahren.postgres.impl.config.PostgresConfigKey;
import io.fahren.FahrenConfigurationException;
import io.fahren.postgres.RlsOptions;
import io.fahren.postgres.impl.rls.ConstraintCatalog.ForeignKey;
import io.fahren.postgres.impl.rls.RlsIsolation.TenantTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final ScopingDdl ddl;

    /**
     * @param options the strategy's options
     */
    RlsIntegrity(RlsOptions options) {
        this.options = options;
        this.ddl = new ScopingDdl(options.tenantColumn());
    }

    /**
     * @param c a connection
     * @param tables the tenant tables
     * @return every constraint that reaches across tenants and is not listed in
     *         {@link RlsOptions#unscopedConstraints()}
     */
    List<Violation> violations(Connection c, List<TenantTable> tables) throws SQLException {
        Set<String> tenantTables = names(tables);
        ConstraintCatalog catalog = ConstraintCatalog.read(c, tables, options.tenantColumn());
        List<Violation> found = new ArrayList<>();
        for (ForeignKey key : catalog.foreignKeys()) {
            foreignKeyViolation(catalog, key, tenantTables).ifPresent(found::add);
        }
        for (ConstraintCatalog.UniqueKey key : catalog.uniqueKeys()) {
            if (!key.scoped() && !key.sequenceKey()) {
                found.add(uniqueViolation(key));
            }
        }
        cycleViolation(catalog.foreignKeys(), tenantTables).ifPresent(found::add);
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
        Map<String, Set<String>> referencedBy = orderingEdges(
                ConstraintCatalog.read(c, tables, options.tenantColumn()).foreignKeys(), byName.keySet());
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

    private Optional<Violation> cycleViolation(List<ForeignKey> keys, Set<String> tenantTables) {
        Map<String, Set<String>> referencedBy = orderingEdges(keys, tenantTables);
        Set<String> left = new LinkedHashSet<>(tenantTables);
        boolean removed = true;
        while (removed) {
            removed = left.removeIf(t -> referencedBy.getOrDefault(t, Set.of()).stream().noneMatch(left::contains));
        }
        if (left.isEmpty()) {
            return Optional.empty();
        }
        List<ForeignKey> cycle = keys.stream().filter(k -> k.ordersDeletes() && left.contains(k.from())
                && left.contains(k.to()) && !k.from().equals(k.to())).toList();
        if (cycle.stream().anyMatch(k -> options.unscopedConstraints().contains(k.id()))) {
            return Optional.empty();
        }
        ForeignKey first = cycle.get(0);
        return Optional.of(new Violation(first.id(), "tables " + left + " reference each other through "
                + cycle.stream().map(ForeignKey::id).toList() + ", none of which can be deferred, so deleteTenant "
                + "cannot order its deletes and would refuse to delete any tenant with rows in them.",
                "ALTER TABLE " + Sql.qualified(first.schema(), first.table()) + " ALTER CONSTRAINT "
                        + Sql.identifier(first.name()) + " DEFERRABLE"
                        + (first.onDelete() == 'a' ? "" : " (after making its ON DELETE action NO ACTION)"), false));
    }

    private Optional<Violation> foreignKeyViolation(ConstraintCatalog catalog, ForeignKey key, Set<String> tenantTables) {
        boolean fromTenant = tenantTables.contains(key.from());
        boolean toTenant = tenantTables.contains(key.to());
        String column = options.tenantColumn();
        if (!fromTenant && toTenant) {
            return Optional.of(new Violation(key.id(), "the shared table " + key.from() + " references the "
                    + "tenant table " + key.to() + ", so its rows link to a tenant's rows: a tenant's delete is blocked "
                    + "by them or cascades into them, and deleteTenant fails on them.",
                    "add the column " + column + " to " + key.from() + " (making it a tenant table) and scope the key "
                            + "as (" + column + ", ...) REFERENCES " + key.to() + " (" + column + ", ...); or ALTER TABLE "
                            + Sql.qualified(key.schema(), key.table()) + " DROP CONSTRAINT " + Sql.identifier(key.name()),
                    false));
        }
        if (!fromTenant) {
            return Optional.empty(); // a shared table referencing a shared table
        }
        if (!toTenant) {
            return Optional.empty(); // a tenant table referencing a shared catalogue is allowed
        }
        boolean scoped = false;
        for (int i = 0; i < key.columns().size(); i++) {
            scoped |= key.columns().get(i).equals(column) && key.refColumns().get(i).equals(column);
        }
        boolean clearsTenant = (key.onDelete() == 'n' || key.onDelete() == 'd')
                && (key.setColumns() == null || key.setColumns().contains(column));
        boolean updateClears = key.onUpdate() == 'n' || key.onUpdate() == 'd';
        if (scoped && !clearsTenant && !updateClears) {
            return Optional.empty();
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
        return Optional.of(new Violation(key.id(), problem, ddl.scopedForeignKey(catalog, key), !updateClears));
    }

    private Violation uniqueViolation(ConstraintCatalog.UniqueKey key) {
        String what = switch (key.kind()) {
            case 'p' -> "the primary key";
            case 'u' -> "the unique constraint";
            case 'x' -> "the exclusion constraint";
            default -> "the unique index";
        };
        String problem = what + " does not include " + options.tenantColumn() + (key.kind() == 'x' ? " WITH =" : "")
                + ", so it is checked across tenants: a tenant's insert fails on another tenant's value, which tells it "
                + "the value exists, and a tenant can take values before others do. (A key on one identity or serial "
                + "column is the exception; see docs/postgres.md.)";
        return new Violation(key.id(), problem, ddl.scopedUnique(key), false);
    }

    private static Set<String> names(List<TenantTable> tables) {
        return tables.stream().map(TenantTable::toString).collect(Collectors.toSet());
    }
}
