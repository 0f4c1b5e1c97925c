package io.fahren.postgres;

import io.fahren.testing.PgBouncerMode;
import io.fahren.testing.PostgresDatabase;
import java.util.stream.Stream;

/**
 * The ways users deploy Fahren in front of PostgreSQL: a strategy's binding mode and the path to
 * the server (direct, or a real PgBouncer in either pool mode). Session binding through
 * transaction pooling is not a topology: it cannot be made safe, and the docs say so.
 *
 * @param mode how connections are bound
 * @param pgBouncer the PgBouncer pool mode in between, or null for direct connections
 */
record Topology(BindingMode mode, PgBouncerMode pgBouncer) {

    /** @return every supported combination */
    static Stream<Topology> all() {
        return Stream.of(new Topology(BindingMode.SESSION, null), new Topology(BindingMode.TRANSACTION, null),
                new Topology(BindingMode.SESSION, PgBouncerMode.SESSION),
                new Topology(BindingMode.TRANSACTION, PgBouncerMode.SESSION),
                new Topology(BindingMode.TRANSACTION, PgBouncerMode.TRANSACTION));
    }

    /** @return the URL to use for the database, in this topology */
    String url(PostgresDatabase db) {
        return pgBouncer == null ? db.jdbcUrl() : db.jdbcUrl(pgBouncer);
    }

    /** @return the same login, reached through this topology */
    PostgresConnection through(PostgresDatabase db, PostgresConnection login) {
        return PostgresConnection.of(url(db), login.username(), login.password());
    }

    @Override
    public String toString() {
        return mode + " binding, " + (pgBouncer == null ? "direct" : "PgBouncer " + pgBouncer.poolMode() + " pooling");
    }
}
