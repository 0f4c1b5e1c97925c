package io.fahren.hibernate;

import io.fahren.postgres.BindingMode;
import io.fahren.testing.PgBouncerMode;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;

/** The JPA contract over schema isolation, through a real PgBouncer in transaction pooling, with transaction binding. */
@WithPostgres
class SchemaJpaPgBouncerTransactionTest extends SchemaJpaTest {

    @Override
    protected String url(PostgresDatabase db) {
        return db.jdbcUrl(PgBouncerMode.TRANSACTION);
    }

    @Override
    protected BindingMode mode() {
        return BindingMode.TRANSACTION;
    }
}
