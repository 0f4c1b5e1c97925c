package io.fahren.postgres;

import io.fahren.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/** A test database's pg_roles, pg_namespace and the server's pg_database, to compare before and after. */
record CatalogSnapshot(Set<String> roles, Set<String> schemas, Set<String> databases) {

    static CatalogSnapshot of(PostgresDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return new CatalogSnapshot(names(c, "SELECT rolname FROM pg_roles"),
                    names(c, "SELECT nspname FROM pg_namespace"), names(c, "SELECT datname FROM pg_database"));
        }
    }

    private static Set<String> names(Connection c, String sql) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    Set<String> all() {
        Set<String> all = new TreeSet<>();
        roles.forEach(r -> all.add("role " + r));
        schemas.forEach(s -> all.add("schema " + s));
        databases.forEach(d -> all.add("database " + d));
        return all;
    }

    /** @return what one has and the other lacks, both ways */
    Set<String> difference(CatalogSnapshot other) {
        Set<String> onlyHere = new TreeSet<>(all());
        onlyHere.removeAll(other.all());
        Set<String> onlyThere = new TreeSet<>(other.all());
        onlyThere.removeAll(all());
        onlyHere.addAll(onlyThere);
        return onlyHere;
    }
}
